// The one error type of the Formulas module: what went wrong in one sentence, and where — the formula's
// line with a caret under the offending token (the Swift compiler's diagnostics, swift-parsing's messages).
import Foundation

/// A position in a formula's text: 1-based line and column (in characters), and the token's length.
public struct SourceRange: Equatable, Hashable, Sendable {
    public var line: Int
    public var column: Int
    public var length: Int

    public init(line: Int, column: Int, length: Int) {
        self.line = line
        self.column = column
        self.length = max(1, length)
    }
}

public struct FormulaError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Equatable, Sendable {
        /// The text does not follow the grammar (the message says what was expected).
        case syntax
        /// `X[i+1]`: a block cannot read a later block's output.
        case futureReference
        /// `X[i]` on a right-hand side: a block's output cannot be its own input.
        case currentOutput
        /// An auxiliary name used before (or in) the statement defining it.
        case undefinedAuxiliary
        /// A `W[i-k]` applied to another input than the one block i−k applied its `W` to.
        case branchReuse
        /// A reference further back than the maximum lag.
        case lagTooLarge
        /// A depth outside 1 … 30.
        case depthOutOfRange
        /// A constant that is infinite, NaN or too large to hold exactly.
        case nonFiniteConstant
        /// No statement at all.
        case emptyDesign
        /// The statements do not end with one definition of `X[i]`, or an auxiliary is defined twice.
        case badStatement
        /// An exact coefficient outgrew 64-bit integers.
        case overflow
        /// An expansion with more terms than the analysis lists.
        case tooManyTerms
        /// A name that is neither a named design nor a formula.
        case unknownDesign
    }

    public var kind: Kind
    /// One sentence: what is wrong and what was expected.
    public var message: String
    /// The formula text the error is about, when there is one.
    public var source: String?
    /// Where in `source`.
    public var range: SourceRange?

    public init(_ kind: Kind, _ message: String, source: String? = nil, range: SourceRange? = nil) {
        self.kind = kind
        self.message = message
        self.source = source
        self.range = range
    }

    /// The message; with a location, also the offending line and a caret line under the token:
    /// ```
    /// column 16: expected an expression after '+', found the end of the formula
    ///   X[i] = X[i-1] +
    ///                  ^
    /// ```
    public var description: String {
        guard let source, let range else { return message }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let multiline = lines.count > 1
        let place = multiline ? "line \(range.line), column \(range.column)" : "column \(range.column)"
        guard range.line >= 1, range.line <= lines.count else { return "\(place): \(message)" }
        // Tabs are shown as one space so that the caret stays under the token.
        let text = String(lines[range.line - 1]).replacingOccurrences(of: "\t", with: " ")
        let caret = String(repeating: " ", count: max(0, range.column - 1)) + String(repeating: "^", count: range.length)
        return "\(place): \(message)\n  \(text)\n  \(caret)"
    }
}
