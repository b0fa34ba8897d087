import Panes
