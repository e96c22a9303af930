#include "report/reportoutput.h"

#include "common/atomicfile.h"
#include "common/buildinfo.h"
#include "common/error.h"
#include "report/pngwriter.h"
#include "report/svgplot.h"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace latentlab {

namespace fs = std::filesystem;

namespace {

std::string lowerExtension(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return extension;
}

bool isPdf(const fs::path& path) {
  return lowerExtension(path) == ".pdf";
}

std::string html(const std::string& text) {
  return xmlEscape(text);
}

// The file names under a figure: the SVG, and its PNG when one was written.
std::string fileNote(const ReportBlock& block) {
  if (block.file.empty()) return {};
  std::string files = block.file;
  if (block.kind == ReportBlock::Kind::Svg && !block.png.empty())
    files += ", " + fs::path(block.file).replace_extension(".png").string();
  return " (file: " + files + ")";
}

const char* kStyle = R"(<style>
body { font-family: sans-serif; font-size: 11pt; max-width: 180mm; margin: 12mm auto; color: #111; }
h1 { font-size: 18pt; margin-bottom: 2mm; }
h2 { font-size: 14pt; margin-top: 8mm; border-bottom: 1px solid #888; page-break-after: avoid; }
table { border-collapse: collapse; margin: 2mm 0; font-size: 10pt; }
th, td { border: 1px solid #bbb; padding: 1mm 2mm; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #eee; }
figure { margin: 3mm 0; page-break-inside: avoid; }
figure svg, figure img { max-width: 100%; height: auto; display: block; }
img.pixels { image-rendering: pixelated; width: 100%; }
img.grid { image-rendering: pixelated; }
figcaption, p.file { font-size: 9pt; color: #444; }
p.missing { color: #a00; font-style: italic; }
footer { margin-top: 10mm; font-size: 9pt; color: #444; border-top: 1px solid #888; }
</style>
)";

}  // namespace

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string fixedText(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

fs::path reportFiguresDir(const fs::path& report) {
  return report.parent_path() / (report.stem().string() + "-figures");
}

void checkReportOutputs(const ReportOutputRequest& request) {
  const std::string extension = lowerExtension(request.out);
  if (extension != ".html" && extension != ".htm" && extension != ".pdf")
    throw usageError("the report is an HTML or PDF file: " + request.out.string() +
                     " ends in neither .html nor .pdf ({out})");
  if ((isPdf(request.out) || request.bothFormats) && !request.renderers.writePdf)
    throw usageError("this latentlab-cli was built without Qt (LATENTLAB_BUILD_GUI=OFF), which writes the PDF: write " +
                     fs::path(request.out).replace_extension(".html").string() + " instead ({out})");
}

ReportBuilder::ReportBuilder(const ReportOutputRequest& request, ReportResult& result)
    : mRequest(request), mResult(result), mFigures(reportFiguresDir(request.out)) {
  std::error_code error;
  fs::create_directories(mFigures, error);
  if (error) throw inputError("cannot create " + mFigures.string() + ": " + error.message());
}

void ReportBuilder::addText(ReportBlock::Kind kind, const std::string& text) {
  ReportBlock block;
  block.kind = kind;
  block.text = text;
  mResult.document.blocks.push_back(std::move(block));
}

void ReportBuilder::title(const std::string& text) {
  mResult.document.title = text;
  addText(ReportBlock::Kind::Title, text);
}

void ReportBuilder::section(const std::string& text) {
  addText(ReportBlock::Kind::Section, text);
}

void ReportBuilder::paragraph(const std::string& text) {
  addText(ReportBlock::Kind::Paragraph, text);
}

void ReportBuilder::note(const std::string& text) {
  addText(ReportBlock::Kind::Note, text);
}

void ReportBuilder::filled(const std::string& section) {
  mResult.sections.push_back(section);
}

void ReportBuilder::missing(const std::string& section, const std::string& why) {
  addText(ReportBlock::Kind::Missing, "Not available: " + why);
  mResult.missing.push_back(section + ": " + why);
}

void ReportBuilder::table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                          const std::string& csvName, const std::vector<bool>& numeric) {
  ReportBlock block;
  block.kind = ReportBlock::Kind::Table;
  block.header = header;
  block.rows = rows;
  block.numeric = numeric;
  mResult.document.blocks.push_back(std::move(block));
  if (csvName.empty()) return;
  std::string csv;
  const auto line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) csv += (i ? "," : "") + csvField(cells[i]);
    csv += "\n";
  };
  line(header);
  for (const auto& row : rows) line(row);
  writeText(csvName, csv);
  note("Table file: " + csvName);
}

void ReportBuilder::svg(const std::string& name, const std::string& svgText, const std::string& caption) {
  writeText(name, svgText);
  ReportBlock block;
  block.kind = ReportBlock::Kind::Svg;
  block.svg = svgText;
  block.caption = caption;
  block.file = name;
  if (mRequest.renderers.svgToPng) {
    // Twice the SVG's width: sharp when a student prints the PNG at the text width.
    block.png = mRequest.renderers.svgToPng(svgText, 2 * kSvgWidth);
    writeBytes(fs::path(name).replace_extension(".png").string(), block.png);
  }
  mResult.document.blocks.push_back(std::move(block));
}

void ReportBuilder::png(const std::string& name, const std::string& bytes, const std::string& caption, bool pixelated) {
  writeBytes(name, bytes);
  ReportBlock block;
  block.kind = ReportBlock::Kind::Image;
  block.png = bytes;
  block.caption = caption;
  block.file = name;
  block.pixelated = pixelated;
  mResult.document.blocks.push_back(std::move(block));
}

void ReportBuilder::writeText(const std::string& name, const std::string& text) {
  writeBytes(name, text);
}

void ReportBuilder::writeBytes(const std::string& name, const std::string& bytes) {
  writeFileAtomically(mFigures / name,
                      [&](std::ostream& out) { out.write(bytes.data(), std::streamsize(bytes.size())); });
  mResult.files.push_back(mFigures / name);
}

std::string renderReportHtml(const ReportDocument& document) {
  std::string body;
  for (const ReportBlock& block : document.blocks) {
    switch (block.kind) {
      case ReportBlock::Kind::Title:
        body += "<h1>" + html(block.text) + "</h1>\n";
        break;
      case ReportBlock::Kind::Section:
        body += "<h2>" + html(block.text) + "</h2>\n";
        break;
      case ReportBlock::Kind::Paragraph:
        body += "<p>" + html(block.text) + "</p>\n";
        break;
      case ReportBlock::Kind::Missing:
        body += "<p class=\"missing\">" + html(block.text) + "</p>\n";
        break;
      case ReportBlock::Kind::Note:
        body += "<p class=\"file\">" + html(block.text) + "</p>\n";
        break;
      case ReportBlock::Kind::Table: {
        body += "<table>\n<tr>";
        for (const auto& cell : block.header) body += "<th>" + html(cell) + "</th>";
        body += "</tr>\n";
        for (const auto& row : block.rows) {
          body += "<tr>";
          for (std::size_t i = 0; i < row.size(); ++i)
            body +=
                (i < block.numeric.size() && block.numeric[i] ? "<td class=\"num\">" : "<td>") + html(row[i]) + "</td>";
          body += "</tr>\n";
        }
        body += "</table>\n";
        break;
      }
      case ReportBlock::Kind::Svg:
        // Inline: the page CSS scales the 680 px <svg> down to the text width.
        body += "<figure>\n" + block.svg + "<figcaption>" + html(block.caption) + html(fileNote(block)) +
                "</figcaption>\n</figure>\n";
        break;
      case ReportBlock::Kind::Image:
        body += "<figure>\n<img class=\"" + std::string(block.pixelated ? "pixels" : "grid") + "\" alt=\"" +
                html(block.caption) + "\" src=\"data:image/png;base64," + base64Encode(block.png) +
                "\">\n<figcaption>" + html(block.caption) + html(fileNote(block)) + "</figcaption>\n</figure>\n";
        break;
    }
  }
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html(document.title) +
         "</title>\n" + kStyle + "</head>\n<body>\n" + body + "<footer>" + html(document.footer) +
         "</footer>\n</body>\n</html>\n";
}

void finishReport(const ReportOutputRequest& request, ReportResult& result,
                  std::chrono::steady_clock::time_point started, const JobContext& job) {
  job.throwIfCancelled();
  job.report(0.98, "Writing");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::time_t now = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M", std::localtime(&now));
  const fs::path figures = reportFiguresDir(request.out);
  const bool pngs = bool(request.renderers.svgToPng);
  result.document.footer = "Written by LatentLab " + latentlabVersion() + " on " + date + " in " +
                           fixedText(seconds, 1) + " s. Every figure is also a file in " + figures.filename().string() +
                           "/ beside this report: plots as SVG (vector graphics, sharp at any print size)" +
                           (pngs ? " and PNG" : "") + ", images as PNG, tables as CSV.";
  fs::path html = request.out, pdf = request.out;
  if (isPdf(request.out))
    html.replace_extension(".html");
  else
    pdf.replace_extension(".pdf");
  if (!isPdf(request.out) || request.bothFormats) {
    writeTextFileAtomically(html, renderReportHtml(result.document));
    result.html = html;
  }
  if (isPdf(request.out) || request.bothFormats) {
    request.renderers.writePdf(result.document, pdf);
    result.pdf = pdf;
  }
  job.report(1.0, "Done");
}

}  // namespace latentlab
