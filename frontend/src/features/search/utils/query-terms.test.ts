import { describe, expect, it } from "vitest";
import {
  asQueryWord,
  completeWord,
  hasWordStarting,
  replaceTermAt,
  splitQuery,
  termText,
  withoutTerm,
  wordAtCaret,
} from "./query-terms";

describe("splitQuery", () => {
  it("reads each term as written: a phrase whole, a term left out, a count, a confidence", () => {
    const terms = splitQuery('dog  "golden retriever" -car person>=2 cat>0.8 ice_cream');

    expect(terms.map(({ raw, exclude, words, condition }) => ({ raw, exclude, words, condition }))).toEqual([
      { raw: "dog", exclude: false, words: "dog", condition: null },
      { raw: '"golden retriever"', exclude: false, words: "golden retriever", condition: null },
      { raw: "-car", exclude: true, words: "car", condition: null },
      { raw: "person>=2", exclude: false, words: "person", condition: ">=2" },
      { raw: "cat>0.8", exclude: false, words: "cat", condition: ">0.8" },
      { raw: "ice_cream", exclude: false, words: "ice cream", condition: null },
    ]);
    expect(terms[1]).toMatchObject({ start: 5, end: 23 });
  });

  it("keeps a phrase's condition with it, and an unclosed quote to the end", () => {
    expect(splitQuery('"golden retriever">0.8').map((term) => term.condition)).toEqual([">0.8"]);
    expect(splitQuery('dog "golden re').map((term) => term.words)).toEqual(["dog", "golden re"]);
  });
});

describe("termText", () => {
  it("shows a term without its quotes or underscores, a term left out with a minus", () => {
    expect(splitQuery('"golden retriever">0.8 -car ice_cream person>=2').map(termText)).toEqual([
      "golden retriever>0.8",
      "−car",
      "ice cream",
      "person>=2",
    ]);
  });

  it("shows as written a condition without a word, and a quote never closed", () => {
    expect(splitQuery(">=3").map(termText)).toEqual([">=3"]);
    expect(splitQuery('dog OR "cat').map(termText)).toEqual(["dog", "OR", '"cat']);
    expect(splitQuery('-"cat').map(termText)).toEqual(['-"cat']);
  });
});

describe("termText of a text term", () => {
  it("shows it as written, its quotes kept, a term left out with a minus", () => {
    expect(splitQuery('text:"wi-fi password" -text:menu text:wifi* lisboa').map(termText)).toEqual([
      'text:"wi-fi password"',
      "−text:menu",
      "text:wifi*",
      "lisboa",
    ]);
  });
});

describe("withoutTerm", () => {
  it("leaves the other terms as written, and nothing when the last goes", () => {
    expect(withoutTerm('cat  -dog "golden retriever"', 1)).toBe('cat "golden retriever"');
    expect(withoutTerm("cat", 0)).toBeNull();
  });
});

describe("completing the word at the caret", () => {
  it("finds what has been typed of the word, past a dash or a quote, and not in a count", () => {
    expect(wordAtCaret("dog ca", 6)).toEqual({ prefix: "ca", start: 4, end: 6 });
    expect(wordAtCaret("dog -ca", 7)).toEqual({ prefix: "ca", start: 5, end: 7 });
    expect(wordAtCaret('"golden re', 10)?.prefix).toBe("golden re");
    expect(wordAtCaret("person>=2", 9)).toBeNull();
    expect(wordAtCaret("dog ", 4)).toBeNull();
    expect(wordAtCaret("-", 1)).toBeNull();
    expect(wordAtCaret("dog text:cof", 12)).toBeNull();
    expect(completeWord("dog sun", wordAtCaret("dog sun", 7)!, "text:sunflower")).toEqual({
      query: "dog text:sunflower ",
      caret: 19,
    });
    expect(hasWordStarting("text:sunflower", "sun")).toBe(true);
    expect(hasWordStarting("text:sunflower", "text")).toBe(false);
  });

  it("puts the suggestion in the word's place, quoted where it has spaces, then a space", () => {
    const query = "dog -egyp";
    expect(completeWord(query, wordAtCaret(query, 9)!, "Egyptian cat")).toEqual({
      query: 'dog -"Egyptian cat" ',
      caret: 20,
    });
    expect(completeWord("ca beach", wordAtCaret("ca beach", 2)!, "cat")).toEqual({ query: "cat beach", caret: 4 });
    expect(completeWord("ca>0.8", wordAtCaret("ca>0.8", 2)!, "cat")).toEqual({ query: "cat>0.8", caret: 3 });
  });

  it("quotes what the API would not read as one word", () => {
    expect(asQueryWord("jack-o'-lantern")).toBe("jack-o'-lantern");
    expect(asQueryWord("potter's wheel")).toBe('"potter\'s wheel"');
    expect(asQueryWord("crêpe")).toBe("crêpe");
  });

  it("matches a suggestion by any of its words, as the API does", () => {
    expect(hasWordStarting("Egyptian cat", "ca")).toBe(true);
    expect(hasWordStarting("Egyptian cat", "EGY")).toBe(true);
    expect(hasWordStarting("bobcat", "cat")).toBe(false);
  });
});

describe("replaceTermAt", () => {
  it("replaces the refused word where the API says it starts, keeping its dash and condition", () => {
    expect(replaceTermAt("cat -dgo", 4, "dog")).toBe("cat -dog");
    expect(replaceTermAt("dgo>=2 beach", 0, "dog")).toBe("dog>=2 beach");
    expect(replaceTermAt("cat dgo", 2, "dog")).toBeNull();
  });
});
