// The language: what parses to what (normalised text and tree), and every refusal with its column.
import Foundation
import Testing
@testable import Formulas

@Suite struct ParserTests {
    @Test func normalisedText() throws {
        // (1 + W[i]) X[i-1] distributes into the shortcut plus the branch; · and * are the same product.
        #expect(try BlockFormula.parse("X[i] = (1 + W[i]) X[i-1] - W[i-1]·X[i-2]").description
            == "X[i] = X[i-1] + W[i] X[i-1] - W[i-1] X[i-2]")
        #expect(try BlockFormula.parse("X[i]=relu(X[i-1]+W[i]*X[i-1])  # ResNet").description
            == "X[i] = relu(X[i-1] + W[i] X[i-1])")
        #expect(try BlockFormula.parse("X[i] = 0.5 (X[i-1] - X[i-2]) + W[i](X[i-1])").description
            == "X[i] = 0.5 * (X[i-1] - X[i-2]) + W[i] X[i-1]")
        // Statements on separate lines, a comment line, and X[0].
        let two = try BlockFormula.parse("# the A.5 code\nS[i] = X[i-1] + W[i] X[i-1]\nX[i] = relu(S[i]) - S[i-1]")
        #expect(two.description == "S[i] = X[i-1] + W[i] X[i-1]; X[i] = relu(S[i]) - S[i-1]")
        #expect(try BlockFormula.parse("X[i] = W[i] X[i-1] + X[0]").description == "X[i] = W[i] X[i-1] + X[0]")
        // Every named design's text is a fixed point of parse → print.
        for d in NamedDesign.allCases {
            let f = d.formula()
            #expect(try BlockFormula.parse(f.description) == f, "\(d.rawValue)")
        }
    }

    @Test func treeKeepsTheArchitecture() throws {
        // "s" as written: relu over the ResNet sum, then W[i-1] applied to X[i-2] outside the relu.
        let s = try BlockFormula.parse(NamedDesign.s.formulaText)
        #expect(s.output == .sum([
            .relu(.sum([.output(lag: 1), .branch(lag: 0, input: .output(lag: 1))])),
            .scaled(Rational(-1), .branch(lag: 1, input: .output(lag: 2))),
        ]))
        #expect(s.branchInput == .output(lag: 1))
        #expect(s.maxLag == 2)
        // s-published: S[i-1] is S's definition one block earlier: X[i-2] + W[i-1] X[i-2].
        let p = NamedDesign.sPublished.formula()
        #expect(p.inlinedOutput == .sum([
            .relu(.sum([.output(lag: 1), .branch(lag: 0, input: .output(lag: 1))])),
            .scaled(Rational(-1), .sum([.output(lag: 2), .branch(lag: 1, input: .output(lag: 2))])),
        ]))
        // Nesterov's W[i] takes the extrapolated point Y[i].
        let n = NamedDesign.nesterov.formula()
        #expect(try n.branchInput?.canonical() == FormulaExpression.sum([
            .scaled(Rational(3, 2), .output(lag: 1)), .scaled(Rational(-1, 2), .output(lag: 2)),
        ]).canonical())
    }

    /// Parses `text`, expecting a refusal of `kind` at `column`.
    func refusal(_ text: String, _ kind: FormulaError.Kind, column: Int?, maxLag: Int = 8) {
        do {
            let f = try BlockFormula.parse(text, maxLag: maxLag)
            Issue.record("accepted \(text) as \(f)")
        } catch let e as FormulaError {
            #expect(e.kind == kind, "\(text): \(e)")
            #expect(e.range?.column == column, "\(text): \(e)")
            if let column {
                // The caret line has the caret at the column (two spaces of indent).
                let caretLine = e.description.split(separator: "\n").last.map(String.init) ?? ""
                #expect(caretLine.firstIndex(of: "^").map { caretLine.distance(from: caretLine.startIndex, to: $0) } == column + 1, "\(e)")
            }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func syntaxErrorsPointAtTheToken() {
        // "X[i] = X[i-1] +" : the end of the formula is column 16.
        refusal("X[i] = X[i-1] +", .syntax, column: 16)
        refusal("X[i] = (X[i-1]", .syntax, column: 15)
        refusal("X[i] = X[i-1] / 2", .syntax, column: 15)
        refusal("X[i] X[i-1]", .syntax, column: 6)
        refusal("X[i] = X[i-1] W[i]", .syntax, column: 15)
        refusal("X[i] = X[i-1] + W[i]", .syntax, column: 17)
        refusal("X[i] = X[i-1] X[i-2]", .syntax, column: 15)
        refusal("X[i] = relu(W[i])", .syntax, column: 13)
        refusal("X[i] = W[0] X[i-1]", .syntax, column: 8)
        refusal("X[i] = X[3]", .syntax, column: 8)
        refusal("X[i] = 2", .syntax, column: 8)
        refusal("X[i-1] = X[i-2]", .badStatement, column: 1)
    }

    @Test func refusalsWithOneSentenceEach() {
        refusal("X[i] = X[i+1]", .futureReference, column: 8)
        refusal("X[i] = W[i+1] X[i-1]", .futureReference, column: 8)
        refusal("X[i] = X[i-1] + X[i]", .currentOutput, column: 17)
        refusal("X[i] = S[i]; S[i] = X[i-1]", .undefinedAuxiliary, column: 8)
        refusal("S[i] = S[i-1] + X[i-1]; X[i] = S[i]", .undefinedAuxiliary, column: 8)
        // W[i-1] must take X[i-2], what block i−1 gave its W (W[i] X[i-1] shifted by one).
        refusal("X[i] = W[i] X[i-1] + W[i-1] X[i-1]", .branchReuse, column: 22)
        refusal("X[i] = W[i] X[i-1] + W[i] X[i-2]", .branchReuse, column: 22)
        refusal("X[i] = X[i-1] + W[i-1] X[i-2]", .branchReuse, column: 17)
        // W[i] W[i-1] X[i-2]: block i−1's branch took W[i-2] X[i-3], not X[i-2].
        refusal("X[i] = W[i] W[i-1] X[i-2] + X[i-1]", .branchReuse, column: 8)
        refusal("X[i] = X[i-9]", .lagTooLarge, column: 8)
        refusal("X[i] = X[i-3]", .lagTooLarge, column: 8, maxLag: 2)
        // Through an auxiliary: S[i-8] holds X[i-9]; the caret is under S[i-8] on line 2.
        refusal("S[i] = X[i-1]\nX[i] = S[i-8]", .lagTooLarge, column: 8)
        refusal("X[i] = 1e400 * X[i-1]", .nonFiniteConstant, column: 8)
        refusal("X[i] = nan * X[i-1]", .nonFiniteConstant, column: 8)
        refusal("", .emptyDesign, column: nil)
        refusal("  # nothing\n;\n", .emptyDesign, column: nil)
        refusal("X[i] = X[i-1]; S[i] = X[i-1]", .badStatement, column: 16)
        refusal("S[i] = X[i-1]", .badStatement, column: 1)
        refusal("S[i] = X[i-1]; S[i] = X[i-2]; X[i] = S[i]", .badStatement, column: 16)
    }

    @Test func caretDescription() throws {
        let e = #expect(throws: FormulaError.self) { try BlockFormula.parse("X[i] = X[i-1] +") }
        #expect(e?.description == "column 16: expected a term after '+', found the end of the formula\n  X[i] = X[i-1] +\n                 ^")
        let two = #expect(throws: FormulaError.self) { try BlockFormula.parse("S[i] = X[i-1]\nX[i] = T[i]") }
        #expect(two?.description == "line 2, column 8: T is used before it is defined: define `T[i] = …` in an earlier statement\n  X[i] = T[i]\n         ^^^^")
    }

    @Test func linesContinueInsideParenthesesAndAfterAnOperator() throws {
        let resnet = NamedDesign.resnet.formula()
        #expect(try BlockFormula.parse("X[i] = relu(X[i-1]\n    + W[i] X[i-1])") == resnet)
        #expect(try BlockFormula.parse("X[i] = relu(X[i-1] +\n W[i] X[i-1])") == resnet)
    }

    @Test func codableRoundTripValidates() throws {
        for d in NamedDesign.allCases {
            let f = d.formula()
            #expect(try JSONDecoder().decode(BlockFormula.self, from: JSONEncoder().encode(f)) == f)
        }
        // A stored tree that reads X[i] on the right is refused on decoding, as the parser refuses it.
        let bad = BlockFormula(validated: [FormulaStatement(name: "X", expression: .sum([.output(lag: 1), .output(lag: 0)]))])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(BlockFormula.self, from: JSONEncoder().encode(bad)) }
    }

    @Test func resolveNamesAndFormulas() throws {
        #expect(try BlockFormula.resolve("s-published").name == "s-published")
        #expect(try BlockFormula.resolve("X[i] = W[i] X[i-1]").name == nil)
        let e = #expect(throws: FormulaError.self) { try BlockFormula.resolve("resnet50") }
        #expect(e?.kind == .unknownDesign)
        let lag = #expect(throws: FormulaError.self) { try BlockFormula.resolve("s", maxLag: 1) }
        #expect(lag?.kind == .lagTooLarge)
    }
}
