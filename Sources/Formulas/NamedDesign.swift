// The designs recstats knows by name, each with its formula written in the language. Sources: the
// recursion-formulas paper (§3 Eqs. 3/7, §5 Eq. 18, appendix A.4 and the A.5 PyTorch code) and Li et al.,
// "Optimization Algorithm Inspired Deep Neural Network Structure Design" (ACML 2018), whose heavy-ball and
// Nesterov structures are written here with a constant momentum β = 0.5.
import Foundation

public enum NamedDesign: String, CaseIterable, Sendable, Codable {
    case plain
    case resnet
    case s
    case sPublished = "s-published"
    case a41 = "a4-1"
    case a42 = "a4-2"
    case heavyBall = "heavy-ball"
    case nesterov

    /// The momentum constant of `heavy-ball` and `nesterov`.
    public static let beta = "0.5"

    /// The design in the formula language.
    public var formulaText: String {
        switch self {
        case .plain: return "X[i] = relu(W[i] X[i-1])"
        case .resnet: return "X[i] = relu(X[i-1] + W[i] X[i-1])"
        case .s: return "X[i] = relu(X[i-1] + W[i] X[i-1]) - W[i-1] X[i-2]"
        case .sPublished: return "S[i] = X[i-1] + W[i] X[i-1]; X[i] = relu(S[i]) - S[i-1]"
        case .a41: return "X[i] = W[i] X[i-1] + X[i-2]"
        case .a42: return "X[i] = W[i] X[i-1] + W[i-1] X[i-2]"
        case .heavyBall: return "X[i] = relu(X[i-1] + W[i] X[i-1] + \(NamedDesign.beta) * (X[i-1] - X[i-2]))"
        case .nesterov: return "Y[i] = X[i-1] + \(NamedDesign.beta) * (X[i-1] - X[i-2]); X[i] = relu(Y[i] + W[i] Y[i])"
        }
    }

    /// Where the formula comes from, in one line.
    public var source: String {
        switch self {
        case .plain: return "a traditional CNN, Eq. (3)"
        case .resnet: return "ResNet, Eq. (7)"
        case .s: return "the paper's \"s\" block as written, Eq. (18)"
        case .sPublished: return "what the A.5 PyTorch code computes: outp aliases the pre-ReLU sum, so the block subtracts S[i-1], not W[i-1] X[i-2]"
        case .a41: return "appendix A.4.1"
        case .a42: return "appendix A.4.2"
        case .heavyBall: return "Li et al. (2018): gradient descent with Polyak's heavy ball, β = \(NamedDesign.beta)"
        case .nesterov: return "Li et al. (2018): Nesterov's accelerated gradient, β = \(NamedDesign.beta)"
        }
    }

    public func formula() -> BlockFormula {
        do {
            return try BlockFormula.parse(formulaText)
        } catch {
            preconditionFailure("named design \(rawValue) does not parse: \(error)")
        }
    }
}

extension BlockFormula {
    /// A named design (`resnet`, `s-published`) or a formula written out; the name is nil for a formula.
    public static func resolve(_ nameOrFormula: String, maxLag: Int = 8) throws -> (name: String?, formula: BlockFormula) {
        let trimmed = nameOrFormula.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw FormulaError(.emptyDesign, "the design is empty: give a named design (`recstats formula list`) or a formula `X[i] = …`")
        }
        if let named = NamedDesign(rawValue: trimmed.lowercased()) {
            let f = named.formula()
            guard f.maxLag <= maxLag else {
                throw FormulaError(.lagTooLarge, "\(named.rawValue) reaches \(f.maxLag) blocks back, beyond the maximum lag \(maxLag) (--max-lag)")
            }
            return (named.rawValue, f)
        }
        guard trimmed.contains("=") || trimmed.contains("[") else {
            let names = NamedDesign.allCases.map(\.rawValue).joined(separator: ", ")
            throw FormulaError(.unknownDesign, "'\(trimmed)' is neither a named design (\(names)) nor a formula such as 'X[i] = X[i-1] + W[i] X[i-1]'")
        }
        return (nil, try BlockFormula.parse(nameOrFormula, maxLag: maxLag))
    }
}
