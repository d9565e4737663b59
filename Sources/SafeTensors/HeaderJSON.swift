// The small JSON subset a safetensors header uses, read strictly and written byte-exactly: objects
// (duplicate keys refused, key order kept), arrays, strings, non-negative integers. A parse error names
// the byte offset in the header and what was expected there.

enum JSONValue: Equatable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// An integer written without sign, fraction or exponent (shapes and offsets).
    case integer(UInt64)
    /// Any other number, true, false or null: parsed so the error can say what it was.
    case other(String)

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.other(let x), .other(let y)): return x == y
        default: return false
        }
    }

    var kind: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .integer: return "an integer"
        case .other(let text): return "`\(text)`"
        }
    }
}

struct JSONParseError: Error {
    let offset: Int
    let message: String
}

/// A recursive-descent parser over UTF-8 bytes (RFC 8259), stricter than needed nowhere it matters.
struct HeaderParser {
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses one value; only spaces, tabs and newlines may follow (the spec's 0x20 padding among them).
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var parser = HeaderParser(bytes)
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.i == bytes.count else { throw parser.error("expected the end of the header after the top-level object") }
        return value
    }

    private func error(_ message: String) -> JSONParseError { JSONParseError(offset: i, message: message) }

    private mutating func skipWhitespace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard i < bytes.count, bytes[i] == byte else { throw error("expected \(what)") }
        i += 1
    }

    private mutating func value() throws -> JSONValue {
        guard i < bytes.count else { throw error("expected a value, found the end of the header") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        default: return try scalar()
        }
    }

    private mutating func object() throws -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 64 else { throw error("objects nested more than 64 deep") }
        try expect(UInt8(ascii: "{"), "`{`")
        var members: [(key: String, value: JSONValue)] = []
        var seen = Set<String>()
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            let keyOffset = i
            let key = try string()
            guard seen.insert(key).inserted else { throw JSONParseError(offset: keyOffset, message: "the key `\(key)` appears twice") }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "`:` after the key `\(key)`")
            skipWhitespace()
            members.append((key, try value()))
            skipWhitespace()
            guard i < bytes.count else { throw error("expected `,` or `}`, found the end of the header") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            try expect(UInt8(ascii: "}"), "`,` or `}`")
            return .object(members)
        }
    }

    private mutating func array() throws -> JSONValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= 64 else { throw error("arrays nested more than 64 deep") }
        try expect(UInt8(ascii: "["), "`[`")
        var items: [JSONValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value())
            skipWhitespace()
            guard i < bytes.count else { throw error("expected `,` or `]`, found the end of the header") }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            try expect(UInt8(ascii: "]"), "`,` or `]`")
            return .array(items)
        }
    }

    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""), "`\"`")
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []  // unescaped UTF-8 bytes not yet decoded
        func flush() throws {
            guard !run.isEmpty else { return }
            guard let text = String(validating: run, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
            scalars.append(contentsOf: text.unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        while true {
            guard i < bytes.count else { throw error("a string runs to the end of the header") }
            let byte = bytes[i]
            i += 1
            switch byte {
            case UInt8(ascii: "\""):
                try flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush()
                guard i < bytes.count else { throw error("an escape runs to the end of the header") }
                let escape = bytes[i]
                i += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                            throw error("a high surrogate \\u escape without its low half")
                        }
                        i += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("a high surrogate followed by no low surrogate") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("\\u escape of a lone surrogate") }
                    scalars.append(scalar)
                default:
                    throw error("an unknown escape `\\\(Character(Unicode.Scalar(escape)))`")
                }
            default:
                guard byte >= 0x20 else { throw error("a control character inside a string") }
                run.append(byte)
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[i])).hexDigitValue else { throw error("a \\u escape needs four hex digits") }
            code = code << 4 | UInt32(digit)
            i += 1
        }
        return code
    }

    private mutating func scalar() throws -> JSONValue {
        let start = i
        while i < bytes.count, !([0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[i])) {
            i += 1
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if text == "true" || text == "false" || text == "null" { return .other(text) }
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            text == "0" || !text.hasPrefix("0")
        {
            guard let n = UInt64(text) else { throw JSONParseError(offset: start, message: "the integer \(text) does not fit 64 bits") }
            return .integer(n)
        }
        if Double(text) != nil, !text.hasPrefix("+"), !text.hasPrefix(".") { return .other(text) }
        i = start
        throw error(text.isEmpty ? "expected a value" : "expected a value, found `\(text.prefix(20))`")
    }
}

/// JSON text for the writer: compact, keys in the order given, strings escaped as RFC 8259 requires
/// (quote, backslash and control characters; everything else verbatim as UTF-8).
enum HeaderWriter {
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
