import { Navigate, Route, Routes } from "react-router";
import { Alert } from "@/components/alert";
import { useUser } from "@/features/auth/api/get-user";
import { AuthScreen } from "@/features/auth/components/auth-screen";
import { PhotoView } from "@/features/images/components/photo-view";
import { AppProvider } from "./provider";
import { LibraryRoute } from "./routes/library";

function AuthGate() {
  const user = useUser();

  if (user.isPending) {
    return (
      <main className="splash" aria-busy="true">
        <p className="muted">Loading Spotter…</p>
      </main>
    );
  }
  if (user.isError) {
    return (
      <main className="splash">
        <Alert
          error={user.error}
          action={
            <button type="button" className="button button--ghost button--small" onClick={() => user.refetch()}>
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
        <Route path="photos/:imageId" element={<PhotoView />} />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}

export function App() {
  return (
    <AppProvider>
      <AuthGate />
    </AppProvider>
  );
}
