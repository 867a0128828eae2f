import { Alert } from "@/components/alert";
import { ConfirmAction } from "@/components/confirm-action";
import type { Album } from "../api/get-albums";
import { useRemoveMember } from "../api/members";

type LeaveAlbumProps = {
  album: Pick<Album, "id" | "title" | "owner">;
  /** Who is signed in: the member who leaves. */
  username: string;
  onLeft?: () => void;
};

/** "Leave album", for a member: the album is no longer shared with them (and the photos they added leave it). */
export function LeaveAlbum({ album, username, onLeft }: LeaveAlbumProps) {
  const removeMember = useRemoveMember(album.id);
  return (
    <>
      <ConfirmAction
        label="Leave album"
        question={`Leave “${album.title}”? Only ${album.owner} can share it with you again; the photos you added leave it.`}
        confirmLabel="Yes, leave it"
        pending={removeMember.isPending}
        onConfirm={() => removeMember.mutate(username, { onSuccess: onLeft })}
      />
      {removeMember.isError && <Alert error={removeMember.error} />}
    </>
  );
}
