#pragma once

#include <QList>
#include <QString>

class QAction;
class QDialog;
class QWidget;

namespace latentlab {

// Help > Keyboard shortcuts (F1): every menu command with a shortcut, read from the
// menus themselves, then the keys of the map, the Playground's canvases and the Experiments tab.
QString shortcutsHtml(const QList<QAction*>& menuActions);
// Opens it (non-modal, deleted on close), no taller than the screen: the list scrolls.
QDialog* showShortcuts(QWidget* parent, const QList<QAction*>& menuActions);

}  // namespace latentlab
