import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Pager, pageCountOf } from "./pager";

describe("Pager", () => {
  it("shows the page and moves one page back or forward", async () => {
    const onPageChange = vi.fn();
    render(<Pager label="Gallery pages" page={2} pageCount={3} hasPrevious hasNext onPageChange={onPageChange} />);

    const pager = screen.getByRole("navigation", { name: "Gallery pages" });
    expect(pager).toHaveTextContent("Page 2 of 3");

    await userEvent.click(screen.getByRole("button", { name: "← Previous page" }));
    expect(onPageChange).toHaveBeenLastCalledWith(1);
    await userEvent.click(screen.getByRole("button", { name: "Next page →" }));
    expect(onPageChange).toHaveBeenLastCalledWith(3);
  });

  it("disables the way that leads off the list", () => {
    const { rerender } = render(
      <Pager label="Task pages" page={1} pageCount={3} hasPrevious={false} hasNext onPageChange={() => {}} />,
    );
    expect(screen.getByRole("button", { name: /previous/i })).toBeDisabled();
    expect(screen.getByRole("button", { name: /next/i })).toBeEnabled();

    rerender(<Pager label="Task pages" page={3} pageCount={3} hasPrevious hasNext={false} onPageChange={() => {}} />);
    expect(screen.getByRole("button", { name: /previous/i })).toBeEnabled();
    expect(screen.getByRole("button", { name: /next/i })).toBeDisabled();
  });

  it("takes its own words for the two buttons", () => {
    render(
      <Pager
        label="Task pages"
        page={1}
        pageCount={2}
        hasPrevious={false}
        hasNext
        onPageChange={() => {}}
        previousText="Newer"
        nextText="Older"
      />,
    );
    expect(screen.getByRole("button", { name: "Newer" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Older" })).toBeEnabled();
  });

  it("counts the pages a list takes", () => {
    expect([0, 1, 50, 51, 120].map((count) => pageCountOf(count, 50))).toEqual([1, 1, 1, 2, 3]);
  });

  it("shows nothing when the list fits on one page", () => {
    render(
      <Pager label="Task pages" page={1} pageCount={1} hasPrevious={false} hasNext={false} onPageChange={() => {}} />,
    );
    expect(screen.queryByRole("navigation")).not.toBeInTheDocument();
  });
});
