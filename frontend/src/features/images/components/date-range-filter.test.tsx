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

  it("keeps a day while its year is typed, and searches for it once it is whole", () => {
    const onChange = vi.fn();
    render(<DateRangeFilter takenAfter={null} takenBefore={null} onChange={onChange} />);
    const from = screen.getByLabelText("Taken from");

    // What a date field reports as "03152019" is typed into it, a digit of the year at a time.
    for (const value of ["0002-03-15", "0020-03-15", "0201-03-15"]) {
      fireEvent.change(from, { target: { value } });
      expect(from).toHaveValue(value);
    }
    expect(onChange).not.toHaveBeenCalled();

    fireEvent.change(from, { target: { value: "2019-03-15" } });
    expect(from).toHaveValue("2019-03-15");
    expect(onChange.mock.calls).toEqual([[{ takenAfter: "2019-03-15" }]]);
  });

  it("leaves the search as it is while a field holds only part of a day", () => {
    const onChange = vi.fn();
    render(<DateRangeFilter takenAfter="2024-05-01" takenBefore={null} onChange={onChange} />);
    const from = screen.getByLabelText("Taken from");
    // A field with part of a day (a month, no year yet) reports no value, and says its input is incomplete.
    Object.defineProperty(from, "validity", { value: { badInput: true } });

    fireEvent.change(from, { target: { value: "" } });

    expect(onChange).not.toHaveBeenCalled();
  });

  it("shows a range set from elsewhere, such as the address", () => {
    const { rerender } = render(<DateRangeFilter takenAfter={null} takenBefore={null} onChange={vi.fn()} />);

    rerender(<DateRangeFilter takenAfter="2024-05-01" takenBefore={null} onChange={vi.fn()} />);

    expect(screen.getByLabelText("Taken from")).toHaveValue("2024-05-01");
  });
});
