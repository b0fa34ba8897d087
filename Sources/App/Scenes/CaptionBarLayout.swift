import Canvas
import Panes
import SimulationCore
import Scenes

/// How a scene's caption bar is drawn on one screen: the language it can be drawn in (text in
/// another script falls back to English in ASCII) and its height (the longest text block,
/// wrapped). Both scan every text of the scene, so they are worked out once per screen size and
/// charset, not on every frame.
struct CaptionBarLayout {
    let script: SceneScript
    let requestedLanguage: String
    private var cached: (width: Int, height: Int, charset: Charset, language: String, rows: Int)?

    init(script: SceneScript, language: String) {
        self.script = script
        requestedLanguage = language
    }

    /// The language to draw and the bar's rows on a `width x height` screen in `charset`.
    mutating func measure(width: Int, height: Int, charset: Charset) -> (language: String, rows: Int) {
        if let cached, cached.width == width, cached.height == height, cached.charset == charset {
            return (cached.language, cached.rows)
        }
        let language = Self.drawableLanguage(requestedLanguage, charset: charset, script: script)
        let rows = NarrationBar.rows(for: script.texts(in: language).map { MathText.forCharset($0, charset) },
                                     width: width, height: height)
        cached = (width, height, charset, language, rows)
        return (language, rows)
    }

    /// The caption bar at scene time `time` (only the first `steps` steps, when given), with
    /// `status` in its heading, its readouts (`{pane.readout}`) filled from `snapshots`: those
    /// of the moment shown.
    mutating func bar(at time: Double, throughStep steps: Int?, status: String,
                      width: Int, height: Int, charset: Charset,
                      snapshots: [PaneID: any SimulationSnapshot]?) -> NarrationBar {
        let (language, rows) = measure(width: width, height: height, charset: charset)
        var state = script.narration(at: time, language: language, throughStep: steps).resolved(with: snapshots, charset: charset)
        state.status = status
        return NarrationBar(state: state, rows: rows)
    }

    /// `requested`, unless the charset is ASCII and its texts are not.
    static func drawableLanguage(_ requested: String, charset: Charset, script: SceneScript) -> String {
        guard charset == .ascii, requested != "en" else { return requested }
        let texts = script.texts(in: requested) + [script.scene.title.text(in: requested)]
        return texts.allSatisfy { text in
            text.unicodeScalars.allSatisfy { $0.isASCII || MathText.forCharset(String($0), .ascii).unicodeScalars.allSatisfy(\.isASCII) }
        } ? requested : "en"
    }
}
