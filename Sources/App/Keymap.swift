import SimulationCore
import TerminalUI

/// What a key press asks for: a plain command (the same value a scene or lecture sends), or to quit.
public enum KeyAction: Equatable, Sendable {
    /// An engine command (clock, simulations).
    case command(Command)
    /// A change to what is shown (focus, zoom, overlays).
    case layout(LayoutCommand)
    case quit
    /// Open the menu of bundled scenes.
    case openSceneMenu
}

/// The dashboard's global keys. Pure: the same key and layout always give the same action.
public enum Keymap {
    /// One line per key group, for the `?` overlay and the README.
    public static let bindings: [(keys: String, action: String)] = [
        ("Tab / Shift-Tab", "focus next / previous pane"),
        ("1-9", "focus the pane with that number"),
        ("z / Enter", "zoom / unzoom the focused pane"),
        ("space", "pause / resume the simulation"),
        (".", "single step (while paused)"),
        ("+ / -", "speed x2 / x0.5"),
        ("r", "reset the simulations (keeps your settings)"),
        ("w", "show / hide bytes per second sent to the terminal"),
        ("O", "open a bundled scene (the lecture series)"),
        ("?", "show / hide this help"),
        ("mouse", "focus a pane, or click and drag in its picture"),
        ("q / Ctrl-C", "quit"),
    ]

    /// The action for `key` on a dashboard showing `panes`, or nil when the key is not global
    /// (the focused pane may then use it).
    public static func action(for key: Key, panes: [PaneID]) -> KeyAction? {
        switch key {
        case .tab: return .layout(.focusNext)
        case .backTab: return .layout(.focusPrevious)
        case .enter: return .layout(.toggleZoom)
        case .control("c"): return .quit
        case .character(let c):
            switch c {
            case "q": return .quit
            case "z": return .layout(.toggleZoom)
            case " ": return .command(.togglePause)
            case ".": return .command(.singleStep)
            case "+", "=": return .command(.faster)
            case "-", "_": return .command(.slower)
            case "r": return .command(.reset)
            case "w": return .layout(.toggleStats)
            case "?": return .layout(.toggleHelp)
            case "O": return .openSceneMenu
            case "1"..."9":
                let index = Int(String(c))! - 1
                return index < panes.count ? .layout(.focus(panes[index])) : nil
            default: return nil
            }
        default:
            return nil
        }
    }
}
