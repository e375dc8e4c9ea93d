// The body rules of SPEC §3/§3.1: section structure (SectionRules.cpp), body enums,
// placeholders, empty fields and the verification claims; evidence links (BodyLinks.cpp).
#include "server/features/BodyLinks.h"
#include "server/features/Diagnostics.h"
#include "server/features/SectionRules.h"
#include "server/features/TextMatch.h"

#include <algorithm>
#include <string>

namespace session::features {

using core::ByteRange;
using core::Diagnostic;
using core::Document;
using core::LabelledBullet;
using core::Schema;
using core::Severity;

namespace {

/// What the rules of one file share.
struct BodyCheck {
  const Document& document;
  const Schema& schema;
  std::vector<Diagnostic>& out;
  /// The template's filler tokens (the schema's), plus the capability filler `I can …`.
  const std::vector<std::string>& placeholders;
  static constexpr std::string_view kCapabilityFiller = "I can …";
  bool addsCapabilityFiller = false;
  /// Bit n set when some filler is n bytes long (bit 63: 63 or more), so most lines are ruled
  /// out without comparing them with every filler.
  uint64_t fillerLengths = 0;

  BodyCheck(const Document& document, const Schema& schema, std::vector<Diagnostic>& out)
      : document(document), schema(schema), out(out), placeholders(schema.placeholders) {
    addsCapabilityFiller = std::find(placeholders.begin(), placeholders.end(), kCapabilityFiller) ==
                           placeholders.end();
    for (const std::string& filler : placeholders)
      fillerLengths |= lengthBit(filler.size());
    fillerLengths |= lengthBit(kCapabilityFiller.size());
  }
  static uint64_t lengthBit(size_t length) { return uint64_t{1} << std::min<size_t>(length, 63); }

  std::string_view slice(ByteRange range) const {
    return std::string_view(document.text()).substr(range.begin, range.end - range.begin);
  }
  bool isPlaceholder(std::string_view text) const {
    text = trim(text);
    if (!(fillerLengths & lengthBit(text.size())))
      return false;
    return std::find(placeholders.begin(), placeholders.end(), text) != placeholders.end() ||
           (addsCapabilityFiller && text == kCapabilityFiller);
  }
  void report(ByteRange range, Severity severity, std::string code, std::string message,
              std::vector<std::string> suggestions = {}) {
    Diagnostic diagnostic;
    diagnostic.range = range;
    diagnostic.severity = severity;
    diagnostic.code = std::move(code);
    diagnostic.message = std::move(message);
    diagnostic.suggestions = std::move(suggestions);
    out.push_back(std::move(diagnostic));
  }
  void placeholder(ByteRange range) {
    report(range, Severity::Warning, "placeholder",
           "template placeholder `" + std::string(slice(range)) +
               "` left in; replace it with what happened in this session");
  }
  /// A placeholder where a body enum's value belongs: the message lists the values.
  void enumPlaceholder(ByteRange range, const std::vector<std::string>& values) {
    report(range, Severity::Warning, "placeholder",
           "template placeholder `" + std::string(slice(range)) + "` left in; choose " +
               listForMessage(values),
           values);
  }
};

std::string quoted(std::string_view text) {
  return "`" + std::string(text) + "`";
}

/// A value's text as a reader sees it: \p raw (the bytes at \p range) with HTML comments
/// blanked out, so offsets still match the source.
struct ValueText {
  std::string_view text; // raw, or storage_ when raw has comments
  uint32_t begin = 0;

  ValueText(std::string_view raw, uint32_t rangeBegin) : text(raw), begin(rangeBegin) {
    size_t open = raw.find("<!--");
    if (open == std::string_view::npos)
      return; // most values: no copy
    storage_ = std::string(raw);
    for (; open != std::string::npos; open = storage_.find("<!--", open)) {
      size_t close = storage_.find("-->", open + 4);
      size_t end = close == std::string::npos ? storage_.size() : close + 3;
      std::fill(storage_.begin() + static_cast<std::ptrdiff_t>(open),
                storage_.begin() + static_cast<std::ptrdiff_t>(end), ' ');
      open = end;
    }
    text = storage_;
  }
  // text may point into storage_.
  ValueText(const ValueText&) = delete;
  ValueText& operator=(const ValueText&) = delete;

  bool empty() const { return trim(text).empty(); }

  /// The source range of [at, at + length) of text.
  ByteRange rangeOf(size_t at, size_t length) const {
    return {begin + static_cast<uint32_t>(at), begin + static_cast<uint32_t>(at + length)};
  }

private:
  std::string storage_;
};

/// A stretch of a value: its text and its source range.
struct ValuePart {
  std::string_view text;
  ByteRange range;
};

bool isMarkupOrBlank(char c) {
  return c == '*' || c == '_' || c == '`' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/// text[at, at + length) without surrounding blanks and emphasis / code markers (`**Partial**`,
/// `` `Strong` `` → the word).
ValuePart unwrapped(const ValueText& value, size_t at, size_t length) {
  std::string_view part = std::string_view(value.text).substr(at, length);
  while (!part.empty() && isMarkupOrBlank(part.front())) {
    part.remove_prefix(1);
    ++at;
  }
  while (!part.empty() && isMarkupOrBlank(part.back()))
    part.remove_suffix(1);
  return {part, value.rangeOf(at, part.size())};
}

/// The whole value without comments and surrounding markers: what a placeholder is matched on.
ValuePart wholeValue(const ValueText& value) {
  return unwrapped(value, 0, value.text.size());
}

/// The enum part of a body-enum value (SPEC §3.1): the text before any ` — `, ` – `, ` - `,
/// `,` or `(`, without comments and surrounding markers, so `**Partial** — needs review` is
/// `Partial`. When nothing stands before the separator (`(pending)`), the whole value.
ValuePart enumPartOf(const ValueText& value) {
  std::string_view text = value.text;
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos)
    return {{}, value.rangeOf(0, 0)};
  size_t cut = text.size();
  for (std::string_view separator : {" — ", " – ", " - ", ",", "("})
    cut = std::min(cut, text.find(separator, start));
  ValuePart part = unwrapped(value, start, cut - start);
  if (part.text.empty())
    part = wholeValue(value);
  return part;
}

const std::string* findIgnoreCase(const std::vector<std::string>& values, std::string_view value) {
  for (const std::string& candidate : values)
    if (equalsIgnoreCase(candidate, value))
      return &candidate;
  return nullptr;
}

/// The template's own choice line left in: `Yes / No`, `Strong / Partial / Weak`, `H/M/L`
/// (two or more allowed values joined by `/`).
bool isTemplateChoice(std::string_view text, const std::vector<std::string>& values) {
  size_t count = 0;
  for (size_t start = 0; start <= text.size();) {
    size_t slash = std::min(text.find('/', start), text.size());
    std::string_view choice = text.substr(start, slash - start);
    while (!choice.empty() && isMarkupOrBlank(choice.front()))
      choice.remove_prefix(1);
    while (!choice.empty() && isMarkupOrBlank(choice.back()))
      choice.remove_suffix(1);
    if (!findIgnoreCase(values, choice))
      return false;
    ++count;
    start = slash + 1;
  }
  return count >= 2;
}

/// Reports `invalid-body-enum` when the enum part of the value at \p range is not allowed, and
/// `placeholder` when it is the template's list of choices.
void checkEnumValue(BodyCheck& check, ByteRange range, std::string_view what,
                    const std::vector<std::string>& values, bool ordered) {
  ValueText value(check.slice(range), range.begin);
  if (value.empty())
    return;
  ValuePart part = enumPartOf(value);
  if (findIgnoreCase(values, part.text))
    return;
  if (isTemplateChoice(part.text, values)) {
    check.report(part.range, Severity::Warning, "placeholder",
                 "template choices " + quoted(part.text) + " left in; pick one of " +
                     listForMessage(values),
                 values);
    return;
  }
  std::vector<std::string> suggestions;
  std::string message = quoted(part.text) + " is not a valid " + std::string(what) +
                        "; allowed: " + listForMessage(values);
  if (auto closest = closestValue(part.text, values, ordered)) {
    message += " (closest: " + quoted(*closest) + ")";
    suggestions.push_back(*closest);
    for (const std::string& allowed : values)
      if (allowed != *closest)
        suggestions.push_back(allowed);
  }
  check.report(part.range, Severity::Error, "invalid-body-enum", message, std::move(suggestions));
}

bool containsIgnoreCase(std::string_view text, std::string_view part) {
  for (size_t at = 0; at + part.size() <= text.size(); ++at)
    if (equalsIgnoreCase(text.substr(at, part.size()), part))
      return true;
  return false;
}

/// SPEC §3.1: no text after the label (an HTML comment is not text), no further lines of text
/// and no nested items.
bool isEmptyBullet(const BodyCheck& check, const LabelledBullet& bullet) {
  return ValueText(check.slice(bullet.valueRange), bullet.valueRange.begin).empty() &&
         !bullet.hasNestedItems && !bullet.hasMoreText;
}

bool isIfFailedBullet(const LabelledBullet& bullet) {
  constexpr std::string_view kPrefix = "if failed";
  return bullet.label.size() >= kPrefix.size() &&
         equalsIgnoreCase(std::string_view(bullet.label).substr(0, kPrefix.size()), kPrefix);
}

/// The labelled bullets inside \p range, in order.
std::vector<const LabelledBullet*> bulletsIn(const Document& document, ByteRange range) {
  std::vector<const LabelledBullet*> found;
  for (const LabelledBullet& bullet : document.bullets)
    if (range.contains(bullet.lineRange.begin))
      found.push_back(&bullet);
  return found;
}

// ---- Headings and bullets ----------------------------------------------------------------

/// The bracketed fillers of template headings (`[Question / Topic]`) and of the placeholders.
std::vector<std::string> headingFillers(const Schema& schema) {
  std::vector<std::string> fillers;
  auto add = [&](std::string_view text) {
    for (size_t open = text.find('['); open != std::string_view::npos;
         open = text.find('[', open + 1)) {
      size_t close = text.find(']', open);
      if (close == std::string_view::npos)
        return;
      std::string filler(text.substr(open, close - open + 1));
      if (filler.size() > 2 && std::find(fillers.begin(), fillers.end(), filler) == fillers.end())
        fillers.push_back(filler);
    }
  };
  for (const std::string& token : schema.placeholders)
    if (token.starts_with('[') && token.ends_with(']'))
      add(token);
  for (const core::SectionSpec& section : schema.sections) {
    add(section.headingText);
    for (const core::SectionSpec& subsection : section.subsections)
      add(subsection.headingText);
  }
  return fillers;
}

void checkHeadings(BodyCheck& check) {
  std::vector<std::string> fillers = headingFillers(check.schema);
  for (const core::Heading& heading : check.document.headings) {
    std::string_view text = check.slice(heading.textRange);
    for (const std::string& filler : fillers)
      for (size_t at = text.find(filler); at != std::string_view::npos;
           at = text.find(filler, at + filler.size())) {
        uint32_t begin = heading.textRange.begin + static_cast<uint32_t>(at);
        check.placeholder({begin, begin + static_cast<uint32_t>(filler.size())});
      }
  }
}

void checkBullets(BodyCheck& check) {
  for (const LabelledBullet& bullet : check.document.bullets) {
    const core::BulletEnumSpec* spec = check.schema.bulletEnum(bullet.label);
    ValueText value(check.slice(bullet.valueRange), bullet.valueRange.begin);
    if (!value.empty()) {
      ValuePart whole = wholeValue(value);
      if (check.isPlaceholder(whole.text)) {
        if (spec)
          check.enumPlaceholder(whole.range, spec->values);
        else
          check.placeholder(whole.range);
      } else if (spec) {
        checkEnumValue(check, bullet.valueRange, spec->label, spec->values, false);
      }
      continue;
    }
    if (!isEmptyBullet(check, bullet) || isIfFailedBullet(bullet) ||
        containsIgnoreCase(bullet.label, "(if needed)") ||
        containsIgnoreCase(bullet.label, "(if any)"))
      continue;
    SectionPlace place = locateSection(check.document, check.schema, bullet.lineRange.begin);
    if ((place.sectionSpec && place.sectionSpec->mayBeEmpty) ||
        (place.subsectionSpec && place.subsectionSpec->mayBeEmpty))
      continue;
    std::string message = quoted(bullet.label) + " is empty; ";
    if (spec)
      message += "choose " + listForMessage(spec->values);
    else
      message += "write what happened, or remove the bullet";
    check.report(bullet.labelRange, Severity::Warning, "empty-field", std::move(message),
                 spec ? spec->values : std::vector<std::string>{});
  }
}

/// The enum part of a bullet's value, e.g. `Failed` for `**Failed** — OOM`.
std::string_view enumPart(const BodyCheck& check, const LabelledBullet& bullet,
                          std::string& storage) {
  ValueText value(check.slice(bullet.valueRange), bullet.valueRange.begin);
  storage = std::string(enumPartOf(value).text);
  return storage;
}

/// The verification status enum: the bullet enum whose values include `Passed` (`Status`).
const core::BulletEnumSpec* statusEnum(const Schema& schema) {
  for (const core::BulletEnumSpec& spec : schema.bulletEnums)
    if (findIgnoreCase(spec.values, "Passed"))
      return &spec;
  return nullptr;
}

void checkFailedWithoutReason(BodyCheck& check) {
  const core::BulletEnumSpec* status = statusEnum(check.schema);
  if (!status)
    return;
  for (const LabelledBullet& bullet : check.document.bullets) {
    std::string storage;
    if (!equalsIgnoreCase(bullet.label, status->label) ||
        !equalsIgnoreCase(enumPart(check, bullet, storage), "Failed"))
      continue;
    SectionPlace place = locateSection(check.document, check.schema, bullet.lineRange.begin);
    ByteRange scope = place.subsection ? place.subsection->range
                      : place.section  ? place.section->range
                                       : ByteRange{0, uint32_t(check.document.text().size())};
    const LabelledBullet* reason = nullptr;
    for (const LabelledBullet* candidate : bulletsIn(check.document, scope))
      if (isIfFailedBullet(*candidate)) {
        reason = candidate;
        break;
      }
    if (reason && isEmptyBullet(check, *reason))
      check.report(reason->lineRange, Severity::Warning, "failed-without-reason",
                   "Status is `Failed` but " + quoted(reason->label) +
                       " is empty; say why it failed");
    else if (!reason)
      check.report(bullet.lineRange, Severity::Warning, "failed-without-reason",
                   "Status is `Failed` but no `If failed, why` bullet says why it failed");
  }
}

/// The `5.2 Result` subsection of the first `5)` section, or null when it is absent.
const core::Section* resultSubsection(const BodyCheck& check, const core::BulletEnumSpec* status) {
  for (const PresentSection& present : firstCopies(check.document, check.schema)) {
    for (const core::Section& subsection : present.section->subsections) {
      const core::SectionSpec* spec = matchSubsection(*present.spec, subsection);
      if (!spec)
        continue;
      if (spec->key == "5.2 result" || (status && holdsBoldLabel(spec->skeleton, status->label)))
        return &subsection;
    }
  }
  return nullptr;
}

std::string_view metadataScalar(const Document& document, std::string_view key, ByteRange* range) {
  const core::YamlNode::Entry* entry = document.metadata.find(key);
  if (!entry || entry->value.kind != core::YamlNode::Kind::Scalar)
    return {};
  *range = entry->value.range;
  return entry->value.scalar;
}

void checkUnverifiedClaim(BodyCheck& check) {
  const core::BulletEnumSpec* status = statusEnum(check.schema);
  const core::Section* result = resultSubsection(check, status);
  if (!result)
    return; // a missing `5.2 Result` is `missing-section`
  std::string statusText;
  for (const LabelledBullet* bullet : bulletsIn(check.document, result->range)) {
    if (status && equalsIgnoreCase(bullet->label, status->label)) {
      std::string storage;
      statusText = std::string(enumPart(check, *bullet, storage));
      break;
    }
  }
  if (equalsIgnoreCase(statusText, "Passed"))
    return;
  std::string because = " but " + quoted(result->heading.text) + " Status is " +
                        (statusText.empty() ? std::string("not recorded") : quoted(statusText)) +
                        ", not `Passed`; verify first, or lower the claim";
  ByteRange range;
  if (metadataScalar(check.document, "status", &range) == "mastered") {
    check.report(range, Severity::Warning, "unverified-claim", "`status: mastered`" + because);
    return;
  }
  ByteRange beforeRange, afterRange;
  std::string_view before = metadataScalar(check.document, "level_before", &beforeRange);
  std::string_view after = metadataScalar(check.document, "level_after", &afterRange);
  std::vector<std::string> levels = check.schema.levels();
  auto beforeAt = std::find(levels.begin(), levels.end(), before);
  auto afterAt = std::find(levels.begin(), levels.end(), after);
  if (before.empty() || after.empty() || beforeAt == levels.end() || afterAt == levels.end() ||
      afterAt <= beforeAt)
    return;
  check.report(afterRange, Severity::Warning, "unverified-claim",
               "a level gain " + quoted(before) + " → " + quoted(after) + because);
}

// ---- Plain list items and tables ---------------------------------------------------------

/// The text of a list item's first line after its marker and task mark, or npos.
size_t listItemTextStart(std::string_view line) {
  size_t at = line.find_first_not_of(" \t");
  if (at == std::string_view::npos)
    return std::string_view::npos;
  if (line[at] == '*' || line[at] == '-' || line[at] == '+') {
    ++at;
  } else {
    size_t digits = at;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9')
      ++digits;
    if (digits == at || digits - at > 9 || digits >= line.size() ||
        (line[digits] != '.' && line[digits] != ')'))
      return std::string_view::npos;
    at = digits + 1;
  }
  if (at < line.size() && line[at] != ' ' && line[at] != '\t')
    return std::string_view::npos;
  at = std::min(line.size(), line.find_first_not_of(" \t", at));
  for (std::string_view mark : {"[ ]", "[x]", "[X]"})
    if (line.substr(at).starts_with(mark) &&
        (at + 3 == line.size() || line[at + 3] == ' ' || line[at + 3] == '\t'))
      at = std::min(line.size(), line.find_first_not_of(" \t", at + 3));
  return at;
}

bool isFence(std::string_view line) {
  line = trim(line);
  return line.starts_with("```") || line.starts_with("~~~");
}

/// lines.lineOf(offset), found by scanning forward from \p from when the offset is at or past
/// that line's start: bullets and list items come in document order, so the scans of one pass
/// add up to one walk over the lines instead of a binary search each.
uint32_t lineFrom(const core::LineIndex& lines, uint32_t from, uint32_t offset) {
  if (from >= lines.lineCount() || lines.lineStart(from) > offset)
    return lines.lineOf(offset);
  while (from + 1 < lines.lineCount() && lines.lineStart(from + 1) <= offset)
    ++from;
  return from;
}

/// Plain (unlabelled) list items that are a placeholder (`* …`, `* I can …`) or a plain label
/// followed by one (`* Source: …`).
void checkPlainItems(BodyCheck& check) {
  const core::LineIndex& lines = check.document.lines();
  // One flag per line (not std::set): this runs on every keystroke over every list line.
  std::vector<char> labelledLines(lines.lineCount(), 0), seenLines(lines.lineCount(), 0);
  uint32_t cursor = 0;
  for (const LabelledBullet& bullet : check.document.bullets) {
    cursor = lineFrom(lines, cursor, bullet.lineRange.begin);
    labelledLines[cursor] = 1;
  }
  cursor = 0;
  auto checkItem = [&](ByteRange item) {
    bool inCode = false;
    // The lines from the item's first to the one holding its last byte.
    uint32_t lastByte = item.end > item.begin ? item.end - 1 : item.begin;
    cursor = lineFrom(lines, cursor, item.begin);
    for (uint32_t line = cursor; line < lines.lineCount() && lines.lineStart(line) <= lastByte;
         ++line) {
      // A seen line is no fence (fences are not marked seen), nor is a labelled bullet's line,
      // so skipping them before the fence test changes nothing.
      if (seenLines[line] || labelledLines[line])
        continue;
      std::string_view text = lines.lineText(line);
      if (isFence(text)) {
        inCode = !inCode;
        continue;
      }
      if (inCode)
        continue;
      seenLines[line] = 1;
      size_t start = listItemTextStart(text);
      if (start == std::string_view::npos)
        continue;
      std::string_view rest = text.substr(start);
      rest = rest.substr(0, rest.find_last_not_of(" \t") + 1);
      size_t fillerAt = std::string_view::npos;
      if (!rest.empty() && check.isPlaceholder(rest)) {
        fillerAt = start;
      } else if (size_t colon = rest.find(':'); colon != std::string_view::npos && colon > 0) {
        std::string_view after = rest.substr(colon + 1);
        if (!trim(after).empty() && check.isPlaceholder(after))
          fillerAt = start + colon + 1 + after.find_first_not_of(" \t");
      }
      if (fillerAt == std::string_view::npos)
        continue;
      uint32_t begin = lines.lineStart(line) + static_cast<uint32_t>(fillerAt);
      check.placeholder(
          {begin, lines.lineStart(line) + static_cast<uint32_t>(start + rest.size())});
    }
  };
  for (const core::Section& section : check.document.sections) {
    for (ByteRange item : section.topLevelItems)
      checkItem(item);
    for (const core::Section& subsection : section.subsections)
      for (ByteRange item : subsection.topLevelItems)
        checkItem(item);
  }
}

void checkTables(BodyCheck& check) {
  for (const core::Table& table : check.document.tables) {
    std::vector<const core::TableColumnEnumSpec*> enums;
    for (const core::TableCell& header : table.header)
      enums.push_back(check.schema.tableColumnEnum(header.text));
    for (const auto& row : table.rows) {
      for (size_t column = 0; column < row.size(); ++column) {
        const core::TableCell& cell = row[column];
        ValueText value(check.slice(cell.range), cell.range.begin);
        if (value.empty())
          continue; // the risk table's empty template row
        const core::TableColumnEnumSpec* spec = column < enums.size() ? enums[column] : nullptr;
        ValuePart whole = wholeValue(value);
        if (check.isPlaceholder(whole.text)) {
          // `L?` is the level column's own filler and says what belongs there.
          if (spec && !(spec->levels && whole.text == "L?"))
            check.enumPlaceholder(whole.range, spec->values);
          else
            check.placeholder(whole.range);
          continue;
        }
        if (spec)
          checkEnumValue(check, cell.range, spec->header + " cell", spec->values, spec->levels);
      }
    }
  }
}

} // namespace

void checkBody(const Document& document, const CheckContext& context,
               std::vector<Diagnostic>& out) {
  // Without any metadata only `missing-metadata` is reported (SPEC §3.1).
  if (document.metadata.placement == core::MetadataPlacement::None)
    return;
  std::shared_ptr<const Schema> fallback;
  const Schema* schema = context.schema;
  if (!schema) {
    fallback = core::builtinSchema();
    schema = fallback.get();
  }
  BodyCheck check(document, *schema, out);

  checkSectionStructure(document, *schema, out);
  checkHeadings(check);
  checkBullets(check);
  checkFailedWithoutReason(check);
  checkUnverifiedClaim(check);
  checkPlainItems(check);
  checkTables(check);
  checkBodyLinks(document, *schema, context, out);
}

} // namespace session::features
