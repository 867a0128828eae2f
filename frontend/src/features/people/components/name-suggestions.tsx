import { usePeopleToChoose } from "../api/get-people";

/** The names already given, for a name field to complete from (`list={id}`): a name is typed the same each time. */
export function NameSuggestions({ id }: { id: string }) {
  const named = usePeopleToChoose("named");
  const names = [...new Set((named.data ?? []).map((person) => person.name).filter(Boolean))];
  return (
    <datalist id={id}>
      {names.map((name) => (
        <option key={name} value={name ?? ""} />
      ))}
    </datalist>
  );
}
