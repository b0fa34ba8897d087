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

/// A mouse report (only when `TerminalOptions.enableMouse`), in 0-based cells.
public struct MouseEvent: Sendable, Equatable, Hashable {
    public enum Kind: Sendable, Equatable, Hashable {
        /// Button 1 is the left, 2 the middle, 3 the right button.
        case press(button: Int), release(button: Int), scrollUp, scrollDown
        /// The pointer moved while `button` was held (button-event tracking, xterm mode 1002).
        case drag(button: Int)
    }
    /// Keys held with the button (as the terminal reports them; many keep Shift for selection).
    public struct Modifiers: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let shift = Modifiers(rawValue: 1)
        public static let alt = Modifiers(rawValue: 2)
        public static let control = Modifiers(rawValue: 4)
    }
    public var x: Int
    public var y: Int
    public var kind: Kind
    public var modifiers: Modifiers
    public init(x: Int, y: Int, kind: Kind, modifiers: Modifiers = []) {
        self.x = x
        self.y = y
        self.kind = kind
        self.modifiers = modifiers
    }
}

/// The mouse protocol Gradscope speaks itself, whatever terminfo says (tmux's and screen's
/// entries name only the X10 `ESC [ M` reports, which cannot say a column past 223):
/// button-event tracking (xterm mode 1002: presses, releases, and motion while a button is held)
/// with SGR coordinates (mode 1006: `ESC [ < b ; x ; y M` or `m`, decimal, 1-based).
public enum MouseProtocol {
    /// Sent after the screen opens and after a suspend.
    public static let enable = "\u{1B}[?1002h\u{1B}[?1006h"
    /// Sent before leaving (close, suspend); the crash handler's reset string says the same.
    public static let disable = "\u{1B}[?1006l\u{1B}[?1002l\u{1B}[?1000l"
    /// The longest SGR report body read (`<` up to the final letter): three numbers of five digits.
    static let maximumBodyLength = 20

    /// Decodes the part of an SGR report after `ESC [ <`: "b;x;y" and the final `M` (press or
    /// motion) or `m` (release). Nil for anything else (a wrong shape, a number out of range, an
    /// extra button): such input is dropped, never typed as keys.
    public static func decodeSGR(_ body: String) -> MouseEvent? {
        guard let final = body.last, final == "M" || final == "m", body.count <= maximumBodyLength else { return nil }
        let fields = body.dropLast().split(separator: ";", omittingEmptySubsequences: false)
        guard fields.count == 3, fields.allSatisfy({ !$0.isEmpty && $0.count <= 5 && $0.allSatisfy(\.isASCIIDigit) }),
              let code = Int(fields[0]), let column = Int(fields[1]), let row = Int(fields[2]),
              column >= 1, row >= 1 else { return nil }
        var modifiers: MouseEvent.Modifiers = []
        if code & 4 != 0 { modifiers.insert(.shift) }
        if code & 8 != 0 { modifiers.insert(.alt) }
        if code & 16 != 0 { modifiers.insert(.control) }
        let low = code & 3, motion = code & 32 != 0
        let kind: MouseEvent.Kind
        switch code & ~(4 | 8 | 16 | 32) {
        case 0, 1, 2:
            let button = low + 1
            if final == "m" { kind = .release(button: button) } else { kind = motion ? .drag(button: button) : .press(button: button) }
        case 64, 65:
            guard final == "M", !motion else { return nil }
            kind = low == 0 ? .scrollUp : .scrollDown
        default:
            return nil  // motion with no button (mode 1003), extra buttons: not used
        }
        return MouseEvent(x: column - 1, y: row - 1, kind: kind, modifiers: modifiers)
    }
}

extension MouseProtocol {
    /// Decodes an X10 report's three values after `ESC [ M` (each 32 + a number): what a
    /// terminal without SGR coordinates (GNU screen before 5.0) sends for mode 1002. It cannot
    /// say which button was released, so a release is reported for button 1.
    public static func decodeX10(code: UInt32, column: UInt32, row: UInt32) -> MouseEvent? {
        guard (32...127).contains(code), (33...255).contains(column), (33...255).contains(row) else { return nil }
        let value = Int(code) - 32
        if value & ~(4 | 8 | 16 | 32) == 3 {
            return MouseEvent(x: Int(column) - 33, y: Int(row) - 33, kind: .release(button: 1))
        }
        return decodeSGR("\(value);\(column - 32);\(row - 32)M")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
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
