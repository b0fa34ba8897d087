import CNcurses

/// A decoded key press.
public enum Key: Sendable, Equatable, Hashable {
    case character(Character)
    case enter, tab, backTab, escape, backspace, delete
    case up, down, left, right
    case home, end, pageUp, pageDown
    /// F1 is `.function(1)`.
    case function(Int)
    /// Ctrl plus a letter, lower case: Ctrl-C is `.control("c")`. Ctrl-@ is `.control("@")`.
    case control(Character)
}

/// A mouse report (only when `TerminalOptions.enableMouse`).
public struct MouseEvent: Sendable, Equatable, Hashable {
    public enum Kind: Sendable, Equatable, Hashable {
        case press(button: Int), release(button: Int), scrollUp, scrollDown
    }
    public var x: Int
    public var y: Int
    public var kind: Kind
    public init(x: Int, y: Int, kind: Kind) {
        self.x = x
        self.y = y
        self.kind = kind
    }
}

/// What `TerminalSession.readEvent` returns.
public enum InputEvent: Sendable, Equatable {
    case key(Key)
    /// The terminal changed size (already applied; the next draw repaints fully).
    case resize(width: Int, height: Int)
    case mouse(MouseEvent)
    /// Input is gone (SSH dropped, tty closed): restore and quit.
    case hangup
}

/// Pure decoding of what `wget_wch` returned.
public enum KeyDecoding {
    /// What a raw `wget_wch` value means.
    public enum Decoded: Sendable, Equatable {
        case key(Key)
        case resize
        case mouse
        /// Nothing we map (unknown key code, stray C1 control).
        case ignored
    }

    /// Decodes `value`: a key code when `isKeyCode` (wget_wch returned KEY_CODE_YES), else a
    /// character. Enter arrives as CR in `nonl` mode; both CR and LF mean `.enter`.
    public static func decode(isKeyCode: Bool, value: UInt32) -> Decoded {
        if isKeyCode { return decodeKeyCode(Int32(bitPattern: value)) }
        switch value {
        case 0x0D, 0x0A: return .key(.enter)
        case 0x09: return .key(.tab)
        case 0x1B: return .key(.escape)
        case 0x7F, 0x08: return .key(.backspace)
        case 0x00: return .key(.control("@"))
        case 0x01...0x1A:
            return .key(.control(Character(Unicode.Scalar(UInt8(0x60 + value)))))
        case 0x1C...0x1F:
            return .key(.control(Character(Unicode.Scalar(UInt8(0x40 + value)))))
        case 0x80...0x9F: return .ignored
        default:
            guard let scalar = Unicode.Scalar(value) else { return .ignored }
            return .key(.character(Character(scalar)))
        }
    }

    static func decodeKeyCode(_ code: Int32) -> Decoded {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_BTAB: return .key(.backTab)
        case KEY_DC: return .key(.delete)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_ENTER: return .key(.enter)
        case KEY_RESIZE: return .resize
        case KEY_MOUSE: return .mouse
        default:
            let f0 = gs_key_f(0)
            if code > f0 && code <= f0 + 63 { return .key(.function(Int(code - f0))) }
            return .ignored
        }
    }
}

/// ncurses key codes, visible to tests (which do not import CNcurses).
enum CursesKey {
    static let up = KEY_UP, down = KEY_DOWN, left = KEY_LEFT, right = KEY_RIGHT
    static let home = KEY_HOME, end = KEY_END, pageUp = KEY_PPAGE, pageDown = KEY_NPAGE
    static let backTab = KEY_BTAB, delete = KEY_DC, backspace = KEY_BACKSPACE, enter = KEY_ENTER
    static let resize = KEY_RESIZE, mouse = KEY_MOUSE, f0 = KEY_F0
}
