import Canvas
import Panes
import Foundation
import SimulationCore
import TerminalUI
import Labs
import Scenes

/// The bundled scenes, as a list to choose from (`O` in the dashboard, `gradscope play` with
/// no file).
public struct SceneMenu: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var title: String
    }
    public var entries: [Entry]
    public var selected = 0

    /// Every scene file in the folder that parses, with its title in `language`, by file name.
    public static func bundled(language: String, assets: AssetLocator = AssetLocator()) -> SceneMenu {
        guard let folder = assets.scenesDirectory else { return SceneMenu(entries: []) }
        let entries = assets.sceneNames.compactMap { name -> Entry? in
            let path = folder + "/" + name + ".yaml"
            guard case .success(let scene) = SceneParser.load(path: path, assets: assets) else { return nil }
            return Entry(path: path, title: scene.title.text(in: language))
        }
        return SceneMenu(entries: entries)
    }

    public enum Outcome: Equatable { case stay, choose(String), close }

    /// Up/Down (or k/j) move, Home/End jump, Enter plays the selected scene, Escape or O closes.
    public mutating func handle(_ key: Key) -> Outcome {
        guard !entries.isEmpty else { return .close }
        switch key {
        case .up, .character("k"): selected = (selected + entries.count - 1) % entries.count
        case .down, .character("j"), .tab: selected = (selected + 1) % entries.count
        case .pageUp: selected = max(0, selected - 10)
        case .pageDown: selected = min(entries.count - 1, selected + 10)
        case .home: selected = 0
        case .end: selected = entries.count - 1
        case .enter, .character(" "): return .choose(entries[selected].path)
        case .escape, .character("O"), .character("q"): return .close
        default: break
        }
        return .stay
    }
}

extension FrameComposer {
    /// The scene menu: a framed list centred on the screen, scrolled to keep the choice visible.
    func drawSceneMenu(_ grid: inout CellGrid, _ menu: SceneMenu) {
        let glyphs = Glyphs.forCharset(charset)
        let lines = menu.entries.isEmpty ? ["no bundled scenes found (gradscope doctor says where it looked;", "GRADSCOPE_DATA names a folder holding scenes/)"]
            : menu.entries.enumerated().map { index, entry in
                String(format: "%2d ", index + 1) + URL(fileURLWithPath: entry.path).deletingPathExtension().lastPathComponent
                    + "  " + MathText.forCharset(entry.title, charset)
            }
        let width = min(grid.width - 4, max(44, (lines.map { $0.displayWidth }.max() ?? 0) + 2))
        let height = min(grid.height - 3, lines.count + 1)
        guard width > 10, height > 1 else { return }
        let box = Rect(x: (grid.width - width - 4) / 2, y: max(0, (grid.height - 1 - height - 2) / 2),
                       width: width + 4, height: height + 2)
        grid.fill(box, with: Cell(" ", style: theme.style(.text)))
        grid.drawFrame(box, title: "Scenes (Enter play, Esc close)", style: theme.style(.focusedFrame), glyphs: glyphs.heavy)
        let visible = height - 1
        let first = min(max(0, menu.selected - visible / 2), max(0, lines.count - visible))
        for row in 0..<min(visible, lines.count - first) {
            let index = first + row
            let chosen = index == menu.selected && !menu.entries.isEmpty
            var style = theme.style(chosen ? .highlight : .text)
            if chosen { style.attributes.formUnion(.reverse) }
            grid.write(lines[index], x: box.x + 2, y: box.y + 1 + row, style: style, maxWidth: width, charset: charset)
        }
        grid.write("\(menu.entries.count) scenes: the lecture series, en/ko (--lang)", x: box.x + 2, y: box.y + height,
                   style: theme.style(.muted), maxWidth: width, charset: charset)
    }
}
