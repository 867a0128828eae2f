import { keepPreviousData, useQuery, type QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api-client";
import type { Album, AlbumPage } from "@/types/api";

export type { Album };

/** The albums a page of the Albums view shows, asked for by name so that the pages can be counted. */
export const ALBUMS_PAGE_SIZE = 50;
/** The most albums "Add to album" lists: one large page. */
const LISTED_TO_ADD = 200;

const ALBUMS_KEY = ["albums"] as const;

function albumsQueryKey(page: number, pageSize: number) {
  return [...ALBUMS_KEY, "list", page, pageSize] as const;
}

function albumQueryKey(albumId: string) {
  return [...ALBUMS_KEY, "detail", albumId] as const;
}

function getAlbums(page: number, pageSize: number): Promise<AlbumPage> {
  return unwrap(api.GET("/api/albums/", { params: { query: { page, page_size: pageSize } } }));
}

/** One page of the albums, the latest changed first. */
export function useAlbums(page: number) {
  return useQuery({
    queryKey: albumsQueryKey(page, ALBUMS_PAGE_SIZE),
    queryFn: () => getAlbums(page, ALBUMS_PAGE_SIZE),
    placeholderData: keepPreviousData,
  });
}

/** The albums photos can be added to, read when the menu that lists them opens. */
export function useAlbumsToAddTo(enabled: boolean) {
  return useQuery({
    queryKey: albumsQueryKey(1, LISTED_TO_ADD),
    queryFn: () => getAlbums(1, LISTED_TO_ADD),
    enabled,
  });
}

export function useAlbum(albumId: string | null) {
  return useQuery({
    queryKey: albumQueryKey(albumId ?? ""),
    queryFn: () => unwrap(api.GET("/api/albums/{album_id}/", { params: { path: { album_id: albumId ?? "" } } })),
    enabled: albumId !== null,
  });
}

/** Albums changed (their photos, titles, searches): refetch every album and album list. */
export function invalidateAlbums(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: ALBUMS_KEY });
}
