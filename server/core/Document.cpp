// Document::parse: screens the input (size, binary, UTF-8), finds the metadata block, and
// assembles the markdown body model. Never throws: whatever goes wrong becomes a problem.
#include "server/core/Document.h"

#include "server/core/IncrementalParse.h"
#include "server/core/Markdown.h"
#include "server/core/Metadata.h"

#include <algorithm>
#include <cctype>

namespace session::core {
namespace {

Diagnostic makeProblem(ByteRange range, Severity severity, std::string code, std::string message) {
  Diagnostic problem;
  problem.range = range;
  problem.severity = severity;
  problem.code = std::move(code);
  problem.message = std::move(message);
  return problem;
}

bool startsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size())
    return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

bool isYamlFence(const detail::FencedCode& code) {
  return detail::isYamlFenceLanguage(code.lang);
}

/// The template's placement (SPEC §2): the first ```` ```yaml ```` fence under a `## YAML
/// Metadata…` heading; without such a heading, the first ```` ```yaml ```` fence anywhere.
const detail::FencedCode* findMetadataFence(const detail::MarkdownBody& body,
                                            const LineIndex& lines) {
  bool sawHeading = false;
  for (size_t i = 0; i < body.headings.size(); ++i) {
    const Heading& heading = body.headings[i];
    if (body.headingInContainer[i] || heading.level != 2 ||
        !startsWithIgnoringCase(heading.text, "YAML Metadata"))
      continue;
    sawHeading = true;
    uint32_t firstLine = lines.lineOf(heading.lineRange.end) + 1;
    uint32_t endLine = lines.lineCount();
    for (size_t next = i + 1; next < body.headings.size(); ++next) {
      if (!body.headingInContainer[next] && body.headings[next].level <= 2) {
        endLine = body.headings[next].line;
        break;
      }
    }
    for (const detail::FencedCode& code : body.fencedCode)
      if (isYamlFence(code) && code.openLine >= firstLine && code.openLine < endLine)
        return &code;
  }
  if (sawHeading)
    return nullptr;
  for (const detail::FencedCode& code : body.fencedCode)
    if (isYamlFence(code))
      return &code;
  return nullptr;
}

void analyse(Document& document, const Document* previous) {
  const std::string& text = document.text();
  const LineIndex& lines = document.lines();
  ByteRange firstLine{0, lines.lineEnd(0)};
  document.hasBom = text.starts_with("\xEF\xBB\xBF");

  if (text.size() > kMaxDocumentBytes) {
    document.problems.push_back(makeProblem(firstLine, Severity::Warning, "file-too-large",
                                            "the file is " +
                                                std::to_string(text.size() / (1024 * 1024)) +
                                                " MB; files larger than 16 MB are not analysed"));
    return;
  }
  if (text.find('\0') != std::string::npos) {
    document.problems.push_back(
        makeProblem(firstLine, Severity::Error, "binary-file",
                    "the file contains NUL bytes and looks binary; it is not analysed"));
    return;
  }
  // Invalid UTF-8 is not a parse problem: features::diagnose reports it (`invalid-utf8`), so
  // the workspace index does not pay for the scan.

  uint32_t bomLength = document.hasBom ? 3 : 0;
  Metadata& metadata = document.metadata;
  uint32_t bodyStart = bomLength;
  if (auto start = detail::findFrontMatter(text, lines, bomLength, metadata))
    bodyStart = *start;
  document.bodyStart = bodyStart;

  std::optional<detail::ReusedBody> reused;
  if (previous) {
    auto edit = detail::editWindow(text, previous->text());
    reused = detail::reparseBody(document, *previous, edit);
    if (previous->knownValidUtf8() && detail::validUtf8AfterEdit(text, edit))
      document.setKnownValidUtf8();
  }
  detail::MarkdownBody body =
      reused ? std::move(reused->body) : detail::parseMarkdown(text, lines, bodyStart);
  if (metadata.placement == MetadataPlacement::None)
    if (const detail::FencedCode* fence = findMetadataFence(body, lines))
      detail::setFencedBlock(text, lines, fence->openLine, fence->closeLine, metadata);
  if (metadata.placement != MetadataPlacement::None) {
    detail::parseMetadataYaml(text, lines, metadata, document.problems);
    detail::scanMetadataLines(text, lines, metadata);
  }

  document.sections = reused && reused->sections ? std::move(*reused->sections)
                                                 : detail::buildSections(text, lines, body);
  document.headings = std::move(body.headings);
  document.bullets = std::move(body.bullets);
  document.tables = std::move(body.tables);
  document.comments = std::move(body.comments);
  document.references = std::move(body.references);
  document.bodyLayout = std::make_shared<const detail::BodyLayout>(detail::BodyLayout{
      std::move(body.headingInContainer), std::move(body.fencedCode), std::move(body.items)});
}

/// Oversized text is not analysed, so its line index only needs to cover the allowed prefix
/// (this also keeps 32-bit offsets in range for absurdly large inputs).
std::string_view indexedPrefix(const std::string& text) {
  return std::string_view(text).substr(0, std::min(text.size(), kMaxDocumentBytes + 1));
}

/// The screening analyse() starts with: input too large or binary is not analysed.
bool isAnalysable(const std::string& text) {
  return text.size() <= kMaxDocumentBytes && text.find('\0') == std::string::npos;
}

} // namespace

Document::Document(std::string text) : text_(std::move(text)), lines_(indexedPrefix(text_)) {}

std::shared_ptr<const Document> Document::parse(std::string text, const Document* previous) {
  std::shared_ptr<Document> document(new Document(std::move(text)));
  try {
    analyse(*document, previous);
  } catch (...) {
    // Out of memory or a library surprise: keep whatever was built so far.
  }
  return document;
}

std::shared_ptr<const Document> Document::parseFrontMatterOnly(std::string text) {
  if (!isAnalysable(text))
    return nullptr;
  std::shared_ptr<Document> document(new Document(std::move(text)));
  try {
    const std::string& whole = document->text();
    const LineIndex& lines = document->lines();
    document->hasBom = whole.starts_with("\xEF\xBB\xBF");
    Metadata& metadata = document->metadata;
    auto bodyStart = detail::findFrontMatter(whole, lines, document->hasBom ? 3 : 0, metadata);
    if (!bodyStart)
      return nullptr;
    document->bodyStart = *bodyStart;
    detail::parseMetadataYaml(whole, lines, metadata, document->problems);
    detail::scanMetadataLines(whole, lines, metadata);
  } catch (...) {
    return nullptr; // let parse() deal with it
  }
  return document;
}

std::optional<uint32_t> Document::firstInvalidUtf8() const {
  int state = utf8State_.load(std::memory_order_acquire);
  if (state == kUtf8Unknown) {
    auto found = core::firstInvalidUtf8(text_);
    firstInvalidUtf8_.store(found.value_or(0), std::memory_order_relaxed);
    utf8State_.store(found ? kUtf8Invalid : kUtf8Valid, std::memory_order_release);
    return found;
  }
  if (state == kUtf8Valid)
    return std::nullopt;
  return firstInvalidUtf8_.load(std::memory_order_relaxed);
}

void Document::setKnownValidUtf8() const {
  utf8State_.store(kUtf8Valid, std::memory_order_release);
}

bool Document::knownValidUtf8() const {
  return utf8State_.load(std::memory_order_acquire) == kUtf8Valid;
}

} // namespace session::core
