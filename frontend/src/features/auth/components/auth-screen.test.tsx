import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { mockFetch } from "@/testing/mock-fetch";
import { renderWithProviders } from "@/testing/render";
import { AuthScreen } from "./auth-screen";

describe("AuthScreen", () => {
  it("shows the reasons a new password was refused beside the password field", async () => {
    const reasons = ["This password is too common.", "This password is entirely numeric."];
    mockFetch({
      "GET /api/auth/csrf": { body: {} },
      "POST /api/auth/register": {
        status: 400,
        body: { error: { code: "weak_password", message: reasons.join(" "), details: { password: reasons } } },
      },
    });
    renderWithProviders(<AuthScreen />);
    await userEvent.click(screen.getByRole("button", { name: "Create an account" }));
    await userEvent.type(screen.getByLabelText("Username"), "maria");
    await userEvent.type(screen.getByLabelText("Password"), "12345678");
    await userEvent.click(screen.getByRole("button", { name: "Sign up" }));

    const password = screen.getByLabelText("Password");
    expect(await screen.findByText("This password is too common.")).toBeInTheDocument();
    expect(screen.getByText("This password is entirely numeric.")).toBeInTheDocument();
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription(reasons.join(" "));
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("names the browser's tab after the screen", async () => {
    renderWithProviders(<AuthScreen />);
    expect(document.title).toBe("Log in — Spotter");

    await userEvent.click(screen.getByRole("button", { name: "Create an account" }));
    expect(document.title).toBe("Sign up — Spotter");
  });
});
