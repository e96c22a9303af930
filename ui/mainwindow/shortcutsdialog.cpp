#include "mainwindow/shortcutsdialog.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QMenu>
#include <QScreen>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace latentlab {

namespace {
QString tr(const char* text) {
  return QCoreApplication::translate("Shortcuts", text);
}

QString row(const QString& keys, const QString& what) {
  return QStringLiteral("<tr><td style='padding-right:16px'><b>%1</b></td><td>%2</td></tr>")
      .arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
}

void addMenu(QString& html, QMenu* menu) {
  QString rows;
  for (QAction* action : menu->actions()) {
    if (action->menu()) addMenu(html, action->menu());
    if (action->isSeparator() || action->shortcut().isEmpty()) continue;
    rows += row(action->shortcut().toString(QKeySequence::NativeText), action->text().remove('&'));
  }
  if (!rows.isEmpty())
    html += QStringLiteral("<tr><td colspan=2><br><i>%1</i></td></tr>").arg(menu->title().remove('&')) + rows;
}
}  // namespace

QString shortcutsHtml(const QList<QAction*>& menuActions) {
  QString html = QStringLiteral("<table>");
  for (QAction* action : menuActions)
    if (action->menu()) addMenu(html, action->menu());
  html += QStringLiteral("<tr><td colspan=2><br><i>%1</i></td></tr>").arg(tr("Latent map"));
  html += row(tr("Ctrl+M"), tr("Compute the map"));
  html += row(tr("Esc"), tr("Cancel the computation under way"));
  html += row(tr("Click / drag"), tr("Decode there (a point: inspect it)"));
  html += row(tr("Wheel, Shift+drag, Ctrl+drag, double-click"), tr("Zoom, pan, box zoom, reset the view"));
  html += QStringLiteral("<tr><td colspan=2><br><i>%1</i></td></tr>").arg(tr("Playground"));
  html += row(tr("[  ]"), tr("Smaller / larger brush (Inpaint)"));
  html += row(tr("E, right button"), tr("Erase (Inpaint)"));
  html += row(tr("Ctrl+Z"), tr("Undo a stroke (Inpaint)"));
  html += row(tr("R"), tr("A random sample (Inpaint)"));
  html += row(tr("Delete"), tr("Clear the drawing (Draw)"));
  html += row(tr("Ctrl+Enter"), tr("Evaluate the test split (Denoise)"));
  html += QStringLiteral("<tr><td colspan=2><br><i>%1</i></td></tr>").arg(tr("Experiments"));
  html += row(tr("Enter, double-click"), tr("Open the selected run"));
  html += row(tr("Delete"), tr("Move the selected runs to the trash (asks first)"));
  html += row(tr("F2"), tr("Rename the selected run"));
  html += row(tr("Ctrl+F"), tr("Filter the runs"));
  html += row(tr("Ctrl+D"), tr("Compare the 2 to 8 selected runs"));
  html += row(tr("Ctrl+Enter"), tr("Save the run's note"));
  html += row(tr("Click a legend entry"), tr("Hide or show that run's curve (Compare)"));
  html +=
      row(tr("Hover / drag on a linked map"), tr("Mark / select the same images in both maps (Compare); Esc clears"));
  html += row(tr("Ctrl+Return"), tr("Start the sweep (in the New sweep dialog)"));
  html += row(tr("Alt+Up, Alt+Down, Alt+N"), tr("Move the selected pending run in the sweep's queue, or make it next"));
  html += row(tr("Drag along an axis"), tr("Keep the sweep's runs in that range (double-click the axis clears)"));
  html += row(tr("Ctrl+Enter"), tr("Run the linear probe (Probe); Esc cancels it"));
  html += row(tr("Click, arrow keys"), tr("Select a confusion-matrix cell and list its test items (Probe)"));
  html += row(tr("Enter, double-click"), tr("Show the selected cell's items on the latent map (Probe)"));
  html += QStringLiteral("</table>");
  return html;
}

QDialog* showShortcuts(QWidget* parent, const QList<QAction*>& menuActions) {
  // A scrolling page rather than a message box: the list is taller than a laptop screen.
  auto* dialog = new QDialog(parent);
  dialog->setObjectName("shortcutsDialog");
  dialog->setWindowTitle(tr("Keyboard shortcuts"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  auto* text = new QTextBrowser(dialog);
  text->setHtml(shortcutsHtml(menuActions));
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  auto* layout = new QVBoxLayout(dialog);
  layout->addWidget(text);
  layout->addWidget(buttons);
  const QSize room = parent && parent->screen() ? parent->screen()->availableGeometry().size() : QSize(1280, 800);
  dialog->resize(std::min(720, room.width() - 40), std::min(900, room.height() - 80));
  dialog->open();
  return dialog;
}

}  // namespace latentlab
