// The section structure of a session body matched against the template (SPEC §2, §3.1):
// which `##`/`###` headings are known, which are duplicates, and the structure rules
// (`missing-section`, `duplicate-section`, `section-order`, `section-too-long`,
// `too-many-items`). Shared by the body rules (BodyRules.cpp), which need to know which section
// a bullet stands in.
#pragma once

#include "server/core/Diagnostic.h"
#include "server/core/Document.h"
#include "server/core/Schema.h"

#include <string_view>
#include <vector>

namespace session::features {

/// `Q1 — …`, `Q12: …`, `q3`: a heading of the template's repeatable question block.
bool isQuestionHeading(std::string_view headingText);

/// The template's `##` section that \p section matches (by sectionKey()), or null.
const core::SectionSpec* matchSection(const core::Schema& schema, const core::Section& section);

/// The subsection spec of \p parent that \p subsection matches, or null. Every question heading
/// (`### Q7 — …`) matches the parent's repeatable block.
const core::SectionSpec* matchSubsection(const core::SectionSpec& parent,
                                         const core::Section& subsection);

/// Where an offset of the body stands: its `##` section and `###` subsection (either may be
/// null), with their template specs (null when unknown).
struct SectionPlace {
  const core::Section* section = nullptr;
  const core::SectionSpec* sectionSpec = nullptr;
  const core::Section* subsection = nullptr;
  const core::SectionSpec* subsectionSpec = nullptr;
};
SectionPlace locateSection(const core::Document& document, const core::Schema& schema,
                           uint32_t offset);

/// The first copy of each known `##` section, in document order (later copies are duplicates:
/// the first copy owns its subsections, SPEC §3.1).
struct PresentSection {
  const core::Section* section = nullptr;
  const core::SectionSpec* spec = nullptr;
};
std::vector<PresentSection> firstCopies(const core::Document& document, const core::Schema& schema);

/// Appends `missing-section`, `duplicate-section`, `section-order`, `section-too-long` and
/// `too-many-items`.
void checkSectionStructure(const core::Document& document, const core::Schema& schema,
                           std::vector<core::Diagnostic>& out);

} // namespace session::features
