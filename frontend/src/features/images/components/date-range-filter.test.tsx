import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { DateRangeFilter } from "./date-range-filter";

describe("DateRangeFilter", () => {
  it("searches from and to the days chosen, each end on its own", () => {
    const onChange = vi.fn();
    render(<DateRangeFilter takenAfter={null} takenBefore={null} onChange={onChange} />);

    fireEvent.change(screen.getByLabelText("Taken from"), { target: { value: "2024-05-01" } });
    fireEvent.change(screen.getByLabelText("Taken to"), { target: { value: "2024-05-31" } });

    expect(onChange.mock.calls).toEqual([[{ takenAfter: "2024-05-01" }], [{ takenBefore: "2024-05-31" }]]);
    expect(screen.queryByRole("button", { name: "Clear dates" })).not.toBeInTheDocument();
  });

  it("shows the range chosen, keeps the ends in order, and clears both at once", async () => {
    const onChange = vi.fn();
    render(<DateRangeFilter takenAfter="2024-05-01" takenBefore="2024-05-31" onChange={onChange} />);

    const from = screen.getByLabelText("Taken from");
    const to = screen.getByLabelText("Taken to");
    expect(from).toHaveValue("2024-05-01");
    expect(from).toHaveAttribute("max", "2024-05-31");
    expect(to).toHaveValue("2024-05-31");
    expect(to).toHaveAttribute("min", "2024-05-01");

    fireEvent.change(to, { target: { value: "" } }); // emptied: that end is open again
    await userEvent.click(screen.getByRole("button", { name: "Clear dates" }));

    expect(onChange.mock.calls).toEqual([[{ takenBefore: null }], [{ takenAfter: null, takenBefore: null }]]);
  });

  it("says next to the fields that a range is reversed, and searches for it only once it is put right", () => {
    const onChange = vi.fn();
    render(<DateRangeFilter takenAfter="2030-01-01" takenBefore={null} onChange={onChange} />);
    const from = screen.getByLabelText("Taken from");
    const to = screen.getByLabelText("Taken to");

    fireEvent.change(to, { target: { value: "2020-01-01" } });

    const problem = screen.getByRole("alert");
    expect(problem).toHaveTextContent("“Taken from” is after “to”: change one of the two days to search between them.");
    expect(to).toHaveValue("2020-01-01");
    expect(to).toHaveAttribute("aria-invalid", "true");
    expect(from).toHaveAccessibleDescription(problem.textContent);
    expect(onChange).not.toHaveBeenCalled();

    fireEvent.change(from, { target: { value: "2019-06-01" } });

    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    expect(to).toHaveAttribute("aria-invalid", "false");
    expect(onChange.mock.calls).toEqual([[{ takenAfter: "2019-06-01", takenBefore: "2020-01-01" }]]);
  });
});
