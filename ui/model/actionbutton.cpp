#include "model/actionbutton.h"

#include <QAction>
#include <QToolButton>
#include <QWidget>

namespace latentlab {

QAction* makeEditorAction(QWidget* owner, const QString& text, const QString& tip, const QKeySequence& shortcut,
                          Qt::ShortcutContext context, const QIcon& icon) {
  auto* action = new QAction(icon, text, owner);
  action->setShortcut(shortcut);
  action->setShortcutContext(context);
  action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, shortcut.toString(QKeySequence::NativeText)));
  owner->addAction(action);
  return action;
}

QToolButton* buttonFor(QAction* action) {
  auto* button = new QToolButton;
  button->setDefaultAction(action);
  button->setToolButtonStyle(action->icon().isNull() ? Qt::ToolButtonTextOnly : Qt::ToolButtonTextBesideIcon);
  return button;
}

}  // namespace latentlab
