// The only file that imports CCairo.
import CCairo

enum Cairo {
    /// The version of the linked Cairo library (cairo_version_string).
    static var version: String { String(cString: cairo_version_string()) }
}
