// The audit of the paper's claims against its own published numbers: the input (the bundled tables,
// the model zoo's counts and the formula analysis, all as plain values), one finding per claim with a
// verdict computed from the numbers, and the headline. The checks are in PaperAuditChecks.swift.
import Foundation
import TableFormat
import RunRecords

/// The verdict of one claim, computed once here and printed by every output.
public enum ClaimVerdict: String, Sendable, Equatable, CaseIterable, Codable {
    case supported = "supported"
    case notSupported = "not supported"
    case cannotBeChecked = "cannot be checked"
}

/// One claim with its verdict, the numbers behind it in a sentence or two, and the tables that show them.
public struct ClaimFinding: Sendable, Equatable {
    public var claim: PaperClaim
    public var verdict: ClaimVerdict
    /// The evidence in words, with the numbers recstats computed.
    public var finding: String
    /// The key numbers in a line or two, for the audit page (the finding in full is on the evidence page).
    public var summary: String
    /// Set when the check waits for a computation this build does not have (the finding says which).
    public var pending: Bool
    public var evidence: [TableSpec]

    public init(
        claim: PaperClaim, verdict: ClaimVerdict, finding: String, summary: String? = nil, pending: Bool = false,
        evidence: [TableSpec] = []
    ) {
        self.claim = claim
        self.verdict = verdict
        self.finding = finding
        self.summary = summary ?? finding
        self.pending = pending
        self.evidence = evidence
    }
}

/// The bundled tables of `results/paper`, found by file name (see results/paper/README.md).
public enum PaperTable: String, Sendable, CaseIterable {
    case table1, table2, seeds, table8

    public var fileName: String { rawValue + ".csv" }
}

/// Paths of ∂X_L/∂X_{L−i} counted by length, for one design: `counts[i]` lists, for lengths 0…i, how
/// many signed terms of that length the expansion has (the Formulas module computes it).
public struct PathCounts: Sendable, Equatable {
    /// The design's name (`s`, `s-published`).
    public var design: String
    /// i → terms per length 0…i.
    public var counts: [Int: [Int]]

    public init(design: String, counts: [Int: [Int]]) {
        self.design = design
        self.counts = counts
    }
}

public struct PaperAuditInput: Sendable {
    public var tables: [PaperTable: [Observation]] = [:]
    /// The model zoo's exact parameter counts by display name (ResNet18s), and Table 8's FLOPs
    /// (multiply-accumulates per image × 128); the CLI fills them from ModelZoo.
    public var zooParameters: [String: Int] = [:]
    public var zooFLOPs: [String: Double] = [:]
    /// Eq. (12) for the recursion as written (`s`) and for the published code (`s-published`); nil
    /// until the formula analysis is wired in.
    public var formulaPaths: PathCounts?
    public var publishedCodePaths: PathCounts?
    /// The significance level of the Friedman and pair tests (the Nemenyi claim is also tested at 0.10).
    public var alpha = 0.05

    public init() {}

    /// The paper's tables among `results`, by file name (`table1.csv` …); other files are ignored.
    public init(results: ResultSet) {
        for o in results.observations {
            let name = URL(fileURLWithPath: o.source.file).lastPathComponent.lowercased()
            if let table = PaperTable.allCases.first(where: { $0.fileName == name }) {
                tables[table, default: []].append(o)
            }
        }
    }

    /// Whether `results` holds any of the paper's tables (then the report opens with the audit).
    public static func covers(_ results: ResultSet) -> Bool { !PaperAuditInput(results: results).tables.isEmpty }
}

public struct PaperAudit: Sendable, Equatable {
    public static let title = "What the published numbers support"

    public var findings: [ClaimFinding]
    public var alpha: Double

    public func count(_ verdict: ClaimVerdict) -> Int { findings.filter { $0.verdict == verdict }.count }

    /// "Of 11 claims checked against the paper's own numbers, 3 are supported and 8 not supported." Zero
    /// counts are left out; pending claims are named.
    public var headline: String {
        let pending = findings.filter(\.pending).count
        var parts = ["\(count(.supported)) are supported"]
        if count(.notSupported) > 0 { parts.append("\(count(.notSupported)) not supported") }
        if count(.cannotBeChecked) > 0 { parts.append("\(count(.cannotBeChecked)) cannot be checked") }
        let list = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        return "Of \(findings.count) claims checked against the paper's own numbers, \(list)"
            + (pending > 0 ? " (\(pending) pending the formula analysis)." : ".")
    }

    /// Runs every check of `PaperClaims.all`. A check whose input is missing, or whose statistics
    /// refuse the data, gives "cannot be checked" with the reason.
    public static func run(_ input: PaperAuditInput) -> PaperAudit {
        let checks = PaperAuditChecks(input: input)
        let findings = PaperClaims.all.map { claim -> ClaimFinding in
            do {
                return try checks.finding(for: claim)
            } catch {
                return ClaimFinding(claim: claim, verdict: .cannotBeChecked, finding: "\(error)")
            }
        }
        return PaperAudit(findings: findings, alpha: input.alpha)
    }
}

/// An exact fraction, reduced, with a positive denominator: the rank statistics of a table without
/// ties (or with ties of halves) are rational, so Table 1's χ² is 163/9, not 18.111….
public struct Fraction: Sendable, Equatable, CustomStringConvertible {
    public let numerator: Int
    public let denominator: Int

    public init(_ numerator: Int, _ denominator: Int = 1) {
        precondition(denominator != 0, "Fraction expected a non-zero denominator, got \(numerator)/0")
        var a = abs(numerator), b = abs(denominator)
        while b != 0 { (a, b) = (b, a % b) }
        let g = max(a, 1)
        let sign = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / g
        self.denominator = sign * denominator / g
    }

    public var value: Double { Double(numerator) / Double(denominator) }
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    public static func + (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func - (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }
    public static func * (a: Fraction, b: Fraction) -> Fraction {
        Fraction(a.numerator * b.numerator, a.denominator * b.denominator)
    }
    public static func / (a: Fraction, b: Fraction) -> Fraction {
        precondition(b.numerator != 0, "Fraction division by zero (\(a) / \(b))")
        return Fraction(a.numerator * b.denominator, a.denominator * b.numerator)
    }
}
