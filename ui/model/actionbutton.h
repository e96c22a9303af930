#pragma once

#include <QIcon>
#include <QKeySequence>
#include <QString>

class QAction;
class QToolButton;
class QWidget;

namespace latentlab {

// An action that lives on `owner` (its shortcut works while `owner` or, with
// WidgetWithChildrenShortcut, one of its children has focus); its tooltip names the shortcut.
QAction* makeEditorAction(QWidget* owner, const QString& text, const QString& tip, const QKeySequence& shortcut,
                          Qt::ShortcutContext context, const QIcon& icon = {});

// A push-style button that triggers `action` and follows its enabled state.
QToolButton* buttonFor(QAction* action);

}  // namespace latentlab
