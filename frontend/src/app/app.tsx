import { Navigate, Route, Routes, useParams } from "react-router";
import { Alert } from "@/components/alert";
import { buttonClass } from "@/components/button";
import { useUser } from "@/features/auth/api/get-user";
import { AlbumsView } from "@/features/albums/components/albums-view";
import { AuthScreen } from "@/features/auth/components/auth-screen";
import { DuplicatesView } from "@/features/duplicates/components/duplicates-view";
import { PhotoView } from "@/features/images/components/photo-view";
import { OPENED_IN_APP } from "@/features/images/utils/photo-view-state";
import { FaceBoxes } from "@/features/people/components/face-boxes";
import { PeopleView } from "@/features/people/components/people-view";
import { PersonPage } from "@/features/people/components/person-page";
import { SharedAlbumPage } from "@/features/shared-album/components/shared-album-page";
import { SharedPhotoView } from "@/features/shared-album/components/shared-photo-view";
import { TrashView } from "@/features/trash/components/trash-view";
import type { ImageWithDetections } from "@/types/api";
import { AppProvider } from "./provider";
import styles from "./app.module.css";
import { LibraryRoute } from "./routes/library";

/** An album opens as the library showing its photos (`/?album=…`), where they can be searched, opened and selected. */
function AlbumRedirect() {
  const { albumId = "" } = useParams();
  return <Navigate to={`/?${new URLSearchParams({ album: albumId }).toString()}`} replace />;
}

/** The faces found in a photo, drawn over it with who each is; your own can be named there. */
function drawFaces(image: ImageWithDetections) {
  return <FaceBoxes faces={image.faces} canName={image.yours !== false} />;
}

function AuthGate() {
  const user = useUser();

  if (user.isPending) {
    return (
      <main className={styles.splash} aria-busy="true">
        <p className="muted">Loading Spotter…</p>
      </main>
    );
  }
  if (user.isError) {
    return (
      <main className={styles.splash}>
        <Alert
          error={user.error}
          action={
            <button
              type="button"
              className={buttonClass({ variant: "ghost", size: "small" })}
              onClick={() => void user.refetch()}
            >
              Try again
            </button>
          }
        />
      </main>
    );
  }
  if (!user.data) return <AuthScreen />;

  return (
    <Routes>
      <Route path="/" element={<LibraryRoute user={user.data} />}>
        <Route path="photos/:imageId" element={<PhotoView renderOverlay={drawFaces} />} />
      </Route>
      <Route path="/duplicates" element={<DuplicatesView photoLinkState={OPENED_IN_APP} />} />
      <Route path="/trash" element={<TrashView />} />
      <Route path="/people" element={<PeopleView />} />
      <Route path="/people/:personId" element={<PersonPage photoLinkState={OPENED_IN_APP} />} />
      <Route path="/albums" element={<AlbumsView username={user.data.username} />} />
      <Route path="/albums/:albumId" element={<AlbumRedirect />} />
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}

/**
 * An album shared by link opens for anyone who has the link, signed in or not: its page is routed before the
 * login, and asks nothing of the session. Everything else is behind the login.
 */
export function App() {
  return (
    <AppProvider>
      <Routes>
        <Route path="/shared/:token" element={<SharedAlbumPage />}>
          <Route path="photos/:photoId" element={<SharedPhotoView />} />
        </Route>
        <Route path="*" element={<AuthGate />} />
      </Routes>
    </AppProvider>
  );
}
