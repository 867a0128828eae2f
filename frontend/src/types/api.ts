// Names for the API's types. They come from the OpenAPI schema (./openapi.ts, written by
// scripts/api-types.sh); nothing here describes the API by hand.
import type { components, operations } from "./openapi";

type Schemas = components["schemas"];

export type User = Schemas["UserOutput"];
export type Credentials = Schemas["CredentialsInputRequest"];

export type Image = Schemas["ImageOutput"];
export type ImagePage = Schemas["PaginatedImageOutputList"];
export type LabelCounts = Image["labels"];
export type Box = Schemas["Box"];
export type Detection = Schemas["DetectionOutput"];
export type ImageWithDetections = Schemas["ImageDetailOutput"];
export type UploadResult = Schemas["UploadOutput"];
export type UploadedImage = Schemas["UploadedImageOutput"];
export type PhotoLocation = Schemas["LocationOutput"];
export type SearchMatch = Schemas["MatchOutput"];
export type PhotoTag = Schemas["TagOutput"];
export type TextLine = Schemas["TextLineOutput"];
export type SearchSuggestion = Schemas["Suggestion"];

export type ExportQuery = operations["exports_retrieve"]["parameters"]["query"];
export type ExportFormat = ExportQuery["format"];

export type Task = Schemas["TaskOutput"];
export type TaskStatus = Task["status"];
export type TaskPage = Schemas["PaginatedTaskOutputList"];
export type TaskOptions = Schemas["TaskOptionsInputRequest"];
export type TaskType = Schemas["TaskTypeOutput"];
export type TaskMode = Schemas["ModeEnum"];
export type TaskResult = Schemas["TaskResultOutput"];

export type DetectionModel = Schemas["ModelOutput"];

export type Album = Schemas["AlbumOutput"];
export type AlbumPage = Schemas["PaginatedAlbumOutputList"];
