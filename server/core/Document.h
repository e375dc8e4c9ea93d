// The document model of one session file: its metadata (front matter or the template's fenced
// `yaml` block) and its markdown body (headings, sections, labelled bullets, tables, links).
//
// Parsing never fails: every input, however broken, gives a Document plus problems.
// All ranges are byte offsets into Document::text (the exact bytes, BOM and CRLF included).
// yaml-cpp is used only in Metadata.cpp, md4c only in Markdown.cpp.
#pragma once

#include "server/core/Diagnostic.h"
#include "server/core/Text.h"

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace session::core {

namespace detail {
struct BodyLayout; // Markdown.h: what the next incremental parse needs beyond the fields below
}

// ---- Metadata ---------------------------------------------------------------------------

enum class MetadataPlacement { None, FrontMatter, FencedBlock };

enum class ScalarStyle { Plain, SingleQuoted, DoubleQuoted, Literal, Folded };

struct YamlNode {
  enum class Kind { Null, Scalar, Sequence, Mapping };
  Kind kind = Kind::Null;
  /// The scalar's value after YAML unescaping (Scalar only).
  std::string scalar;
  ScalarStyle style = ScalarStyle::Plain;
  bool flow = false; // `[a, b]` / `{a: b}` rather than block style
  /// Exact source range: a plain scalar without trailing spaces or comment; a quoted scalar
  /// with its quotes; a flow collection from its bracket to the closing one; a block collection
  /// from its first item to the end of its last. A Null value (`key:` with nothing after it)
  /// is the empty range just after the key's colon.
  ByteRange range;
  std::vector<YamlNode> items; // Sequence
  struct Entry;
  std::vector<Entry> entries; // Mapping, in source order, duplicate keys kept
};

struct YamlNode::Entry {
  std::string key;
  ByteRange keyRange;
  YamlNode value;
};

/// One line of the metadata's YAML read lexically, without a parser: it exists even when the
/// YAML does not parse, so completion and hover keep working on a half-typed line.
struct MetadataLine {
  ByteRange range;       // the line without its line ending
  uint32_t indent = 0;   // bytes of blanks before the first other character
  bool listItem = false; // the line starts with `- ` (or is a bare `-`)
  std::string key;       // `key:` on this line (after a `- `), or empty
  ByteRange keyRange;    // of the key, without the colon
  /// After `key:` (or `- `) and blanks, up to a ` #` comment outside quotes, trailing blanks
  /// trimmed; an empty range where a value would start when there is none.
  ByteRange valueRange;
  bool hasComment = false;
};

/// The first entry named \p key of a mapping's entries, or null.
const YamlNode::Entry* findEntry(const std::vector<YamlNode::Entry>& entries, std::string_view key);

struct Metadata {
  MetadataPlacement placement = MetadataPlacement::None;
  /// The first line of the block: the `---` of front matter, or the ```` ```yaml ```` fence.
  ByteRange firstLine;
  /// From the first line to the end of the closing `---` / fence line.
  ByteRange blockRange;
  /// The YAML text handed to the parser (without delimiters).
  ByteRange contentRange;
  /// False when the YAML did not parse (then Document::problems holds a `yaml-syntax`) or is
  /// not a mapping. Entries are empty then.
  bool parsed = false;
  /// Top-level keys in source order; a duplicated key appears twice.
  std::vector<YamlNode::Entry> entries;
  /// Every line of contentRange, read lexically (see MetadataLine).
  std::vector<MetadataLine> lines;

  /// The first entry named \p key, or null.
  const YamlNode::Entry* find(std::string_view key) const;
};

// ---- Markdown body ----------------------------------------------------------------------

struct Heading {
  uint32_t level = 0;  // 1–6
  std::string text;    // inline text after the `#`s, trimmed, without closing `#`s
  ByteRange lineRange; // the whole heading line (without its line ending)
  ByteRange textRange; // the text part
  uint32_t line = 0;
  bool operator==(const Heading&) const = default;
};

/// A `##` section or a `###` subsection.
struct Section {
  Heading heading;
  /// The heading's normalised number and title (core::sectionKey), which the template's
  /// sections are matched by; computed once here because several rules ask.
  std::string key;
  /// From the heading line's start to the start of the next heading of the same or a higher
  /// level (or the end of the text).
  ByteRange range;
  /// From the line after the heading to range.end.
  ByteRange bodyRange;
  /// Lines of the body (subsections included) that count toward `(N lines max)`: non-blank,
  /// not a `---` rule, not inside an HTML comment.
  std::vector<uint32_t> countedLines;
  /// Top-level list items of the body (not nested ones): each from its marker to the end of its
  /// last line.
  std::vector<ByteRange> topLevelItems;
  /// `###` subsections of a `##` section.
  std::vector<Section> subsections;
  bool operator==(const Section&) const = default;
};

/// `* **Label:** value`, `* **Label?** value`, also with a task mark `* [ ] **Label:** value`.
struct LabelledBullet {
  std::string label; // without `**` and the trailing `:`/`?` (e.g. "Outcome (pass/fail vs goal)")
  ByteRange labelRange; // the `**Label:**` span
  std::string value;    // text after the label on the item's first line, trimmed
  ByteRange valueRange; // of the trimmed value; empty range just after the label when empty
  ByteRange lineRange;  // the item's first line
  bool hasNestedItems = false;
  /// The item holds text past its first line, outside nested lists: a continuation line, a
  /// further paragraph, a code block. HTML comments do not count.
  bool hasMoreText = false;
  uint32_t depth = 0; // 0 for a top-level item
  bool operator==(const LabelledBullet&) const = default;
};

struct TableCell {
  std::string text; // trimmed
  ByteRange range;  // of the trimmed text; an empty cell is an empty range at its middle
  ByteRange span;   // between its pipes, blanks included (a missing cell: empty, at line end)
  bool operator==(const TableCell&) const = default;
};

struct Table {
  std::vector<TableCell> header;
  std::vector<std::vector<TableCell>> rows; // body rows (not the delimiter row)
  ByteRange range;
  bool operator==(const Table&) const = default;
};

struct HtmlComment {
  std::string text; // between `<!--` and `-->`, trimmed
  ByteRange range;
  bool operator==(const HtmlComment&) const = default;
};

/// An inline link `[text](target)` or an inline code span: candidates for evidence paths.
struct InlineReference {
  enum class Kind { Link, Code };
  Kind kind = Kind::Link;
  std::string target; // the link target (without `<>` or title) or the code span's text
  ByteRange range;    // of the target / code text
  bool operator==(const InlineReference&) const = default;
};

// ---- The document -----------------------------------------------------------------------

class Document {
public:
  /// Parses \p text. Never throws for any input.
  ///
  /// With \p previous (the same file's last parse, typically one edit ago), the blocks of the
  /// markdown body that the edit did not touch are taken from it, shifted, and only the `##`
  /// section that holds the edit is parsed again (none, for an edit in the front matter). The
  /// result is the same as without \p previous (tests/core/IncrementalParseTests.cpp holds it
  /// to that); an edit that may change the body's outline is parsed afresh.
  static std::shared_ptr<const Document> parse(std::string text,
                                               const Document* previous = nullptr);
  /// Only the front matter of \p text: a Document whose metadata (and problems) are exactly
  /// parse()'s, with the body left unparsed (its fields empty). nullptr when the text has no
  /// front matter — its metadata may be a fenced block, which only the markdown parse finds —
  /// or is not analysed at all (binary, too large): call parse() then. For a pass that needs
  /// each session's metadata alone (`session-lsp check` collecting modules and levels).
  static std::shared_ptr<const Document> parseFrontMatterOnly(std::string text);

  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  const std::string& text() const { return text_; }
  const LineIndex& lines() const { return lines_; }
  /// core::firstInvalidUtf8 of the text, computed on first use and remembered (the workspace
  /// index never asks). After an edit that left the rest valid, parse() already knows it from
  /// \p previous and the edited bytes alone. Thread-safe.
  std::optional<uint32_t> firstInvalidUtf8() const;

  bool hasBom = false;
  Metadata metadata;
  /// Where the markdown body starts: after the BOM and the front matter, if any.
  uint32_t bodyStart = 0;
  /// Core-internal: the rest of the body's parse, for the next Document::parse's `previous`.
  std::shared_ptr<const detail::BodyLayout> bodyLayout;
  std::vector<Heading> headings; // every heading, in order, outside code blocks
  std::vector<Section> sections; // `##` sections in order, with `###` subsections
  std::vector<LabelledBullet> bullets;
  std::vector<Table> tables;
  std::vector<HtmlComment> comments;
  std::vector<InlineReference> references;
  /// Problems of the text itself: `yaml-syntax`, and `binary-file` / `file-too-large` for bad
  /// input. Rules add theirs on top (`invalid-utf8` is one: features::diagnose).
  std::vector<Diagnostic> problems;

  /// Core-internal (Document::parse): the text is known to be valid UTF-8.
  void setKnownValidUtf8() const;
  bool knownValidUtf8() const;

private:
  explicit Document(std::string text);
  std::string text_;
  LineIndex lines_;
  enum Utf8State : int { kUtf8Unknown, kUtf8Valid, kUtf8Invalid };
  mutable std::atomic<int> utf8State_{kUtf8Unknown};
  mutable std::atomic<uint32_t> firstInvalidUtf8_{0};
};

/// Larger documents are not analysed (a `file-too-large` problem instead).
inline constexpr size_t kMaxDocumentBytes = 16 * 1024 * 1024;

} // namespace session::core
