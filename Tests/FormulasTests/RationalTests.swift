// Exact rationals: reduction, signs, decimals, overflow refused rather than wrapped.
import Testing
@testable import Formulas

@Suite struct RationalTests {
    @Test func arithmeticIsExactAndReduced() throws {
        // 1/2 + 1/3 = 3/6 + 2/6 = 5/6; 5/6 − 1/2 = 1/3; (2/3)·(9/4) = 18/12 = 3/2; (3/2)/(3/4) = 2.
        let half = try Rational(1, 2)
        let third = try Rational(1, 3)
        #expect(try half.adding(third) == Rational(5, 6))
        #expect(try Rational(5, 6).subtracting(half) == third)
        #expect(try Rational(2, 3).multiplied(by: Rational(9, 4)) == Rational(3, 2))
        #expect(try Rational(3, 2).divided(by: Rational(3, 4)) == Rational(2))
        // 6/−4 = −3/2: reduced, the sign on the numerator.
        let r = try Rational(6, -4)
        #expect(r.numerator == -3 && r.denominator == 2)
        #expect(r.description == "-3/2")
        #expect(try Rational(0, -7) == .zero)
        #expect(Rational(4).description == "4")
    }

    @Test func decimalsParseExactly() throws {
        #expect(try Rational(decimal: "0.5") == Rational(1, 2))
        #expect(try Rational(decimal: ".25") == Rational(1, 4))
        #expect(try Rational(decimal: "1e-3") == Rational(1, 1000))
        #expect(try Rational(decimal: "2.5E+2") == Rational(250))
        #expect(try Rational(decimal: "007") == Rational(7))
        #expect(try Rational(1, 2).decimalString == "0.5")
        #expect(try Rational(-5, 4).decimalString == "-1.25")
        #expect(try Rational(1, 3).decimalString == nil)
        #expect(throws: FormulaError.self) { try Rational(decimal: "1.2.3") }
        let huge = #expect(throws: FormulaError.self) { try Rational(decimal: "1e999") }
        #expect(huge?.kind == .nonFiniteConstant)
    }

    @Test func overflowThrows() throws {
        let big = Rational(Int.max)
        let e = #expect(throws: FormulaError.self) { try big.adding(.one) }
        #expect(e?.kind == .overflow)
        #expect(throws: FormulaError.self) { try big.multiplied(by: Rational(2)) }
        // Cross-reduction avoids a needless overflow: 2^62 · (1/2^62) = 1 without forming 2^124.
        let p = Rational(1 << 62)
        #expect(try p.multiplied(by: Rational(1, 1 << 62)) == .one)
        #expect(throws: FormulaError.self) { try Rational(1, 0) }
    }
}
