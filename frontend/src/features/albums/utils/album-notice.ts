/** What an album action did, said once the selection it took is gone: "Added 3 photos to Holidays", with a link. */
export type AlbumNotice = { text: string; album: { id: string; title: string } };
