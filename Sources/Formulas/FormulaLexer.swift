// Tokens of the recursion-formula language, with their line and column: names, decimal numbers,
// brackets, + − * ·, =, and statement separators (`;`, new line). `#` starts a comment to the end of the line.
import Foundation

struct FormulaToken: Equatable {
    enum Kind: Equatable {
        case name(String)
        case number(String)
        case leftBracket, rightBracket, leftParen, rightParen
        case plus, minus, times, equals
        case semicolon, newline
        case end
    }

    var kind: Kind
    var range: SourceRange

    /// How the token reads in an error message.
    var quoted: String {
        switch kind {
        case .name(let s), .number(let s): return "'\(s)'"
        case .leftBracket: return "'['"
        case .rightBracket: return "']'"
        case .leftParen: return "'('"
        case .rightParen: return "')'"
        case .plus: return "'+'"
        case .minus: return "'-'"
        case .times: return "'*'"
        case .equals: return "'='"
        case .semicolon: return "';'"
        case .newline: return "the end of the line"
        case .end: return "the end of the formula"
        }
    }
}

enum FormulaLexer {
    static func tokens(_ source: String) throws -> [FormulaToken] {
        var out: [FormulaToken] = []
        let chars = Array(source)
        var i = 0
        var line = 1
        var column = 1
        func add(_ kind: FormulaToken.Kind, _ length: Int) {
            out.append(FormulaToken(kind: kind, range: SourceRange(line: line, column: column, length: length)))
        }
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\n":
                add(.newline, 1)
                i += 1
                line += 1
                column = 1
                continue
            case " ", "\t", "\r":
                i += 1
                column += 1
                continue
            case "#":
                while i < chars.count && chars[i] != "\n" { i += 1; column += 1 }
                continue
            default: break
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count && (chars[j].isLetter || chars[j].isASCIIDigit || chars[j] == "_") { j += 1 }
                add(.name(String(chars[i..<j])), j - i)
                column += j - i
                i = j
                continue
            }
            if c.isASCIIDigit || (c == "." && i + 1 < chars.count && chars[i + 1].isASCIIDigit) {
                var j = i
                while j < chars.count && (chars[j].isASCIIDigit || chars[j] == ".") { j += 1 }
                // An exponent: e or E, an optional sign, digits.
                if j < chars.count && (chars[j] == "e" || chars[j] == "E") {
                    var k = j + 1
                    if k < chars.count && (chars[k] == "+" || chars[k] == "-") { k += 1 }
                    if k < chars.count && chars[k].isASCIIDigit {
                        while k < chars.count && chars[k].isASCIIDigit { k += 1 }
                        j = k
                    }
                }
                add(.number(String(chars[i..<j])), j - i)
                column += j - i
                i = j
                continue
            }
            let kind: FormulaToken.Kind
            switch c {
            case "[": kind = .leftBracket
            case "]": kind = .rightBracket
            case "(": kind = .leftParen
            case ")": kind = .rightParen
            case "+": kind = .plus
            case "-", "−": kind = .minus
            case "*", "·", "⋅", "×": kind = .times
            case "=": kind = .equals
            case ";": kind = .semicolon
            default:
                let range = SourceRange(line: line, column: column, length: 1)
                let hint = c == "/"
                    ? "division is not part of the language; write the constant as a decimal (0.5 * X[i-1])"
                    : "unexpected character '\(c)'; expected a name, a number, brackets, + - * = or ;"
                throw FormulaError(.syntax, hint, source: source, range: range)
            }
            add(kind, 1)
            i += 1
            column += 1
        }
        add(.end, 1)
        return out
    }
}
