"""Names vulture cannot see used: Qt overrides called by Qt, dataclass fields compared as a
whole, actions kept as attributes for the menus, and small APIs kept for the tests and bench."""

# ruff: noqa: F821, B018
# Qt virtual overrides (called by Qt, never by name)
paint
paintEvent
hoverEnterEvent
hoverLeaveEvent
hoverMoveEvent
mousePressEvent
minimumSizeHint
textFromValue
valueFromText
validate
headerData
mergeWith
logTickValues
extra_repr  # torch's module repr hook
__doc__
# dataclass fields that take part in equality / frames
has_grid
seconds_per_step
# actions kept on Menus so the window and tests can trigger them
explorer_action
save_as_action
quit_action
# small public APIs: the toolbar's measured speed (bench), a feature shown on the big plot
epochs_per_second
show_feature
finish
# torch attributes set from outside: a resumed run tells its lr scheduler the epoch
last_epoch
