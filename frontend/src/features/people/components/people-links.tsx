import { Link } from "react-router";
import { buttonClass } from "@/components/button";

const look = buttonClass({ variant: "ghost", size: "small" });

/** The ways from the People pages to the other views. */
export function PeopleLinks({ backToPeople = false }: { backToPeople?: boolean }) {
  return (
    <>
      {backToPeople && (
        <Link className={look} to="/people">
          People
        </Link>
      )}
      <Link className={look} to="/albums">
        Albums
      </Link>
      <Link className={look} to="/duplicates">
        Duplicates
      </Link>
      <Link className={look} to="/trash">
        Trash
      </Link>
      <Link className={look} to="/">
        <span aria-hidden="true">←</span> All photos
      </Link>
    </>
  );
}
