import Testing
@testable import Reelay

/// The per-channel circuit breaker on its own, with a clock the test moves.
@Suite("Upstream: circuit breaker")
struct UpstreamCircuitBreakerTests {
    @Test func itOpensAfterFailuresInARowAndLetsOneTrialThroughAfterTheCoolDown() {
        let clock = ManualClock()
        let breaker = CircuitBreaker(threshold: 3, coolDown: .seconds(30), now: clock.now)
        breaker.failed()
        breaker.failed()
        breaker.succeeded()
        breaker.failed()
        breaker.failed()
        // A success in between starts the count again.
        #expect(breaker.state == .closed && breaker.permit())
        breaker.failed()
        #expect(breaker.state == .open && !breaker.permit())

        clock.advance(by: .seconds(30))
        #expect(breaker.state == .halfOpen)
        #expect(breaker.permit())
        #expect(!breaker.permit())

        // A failed trial opens it again for a whole cool-down.
        breaker.failed()
        #expect(breaker.state == .open && !breaker.permit())
        clock.advance(by: .seconds(30))
        #expect(breaker.permit())
        breaker.succeeded()
        #expect(breaker.state == .closed && breaker.permit() && breaker.permit())
    }

    @Test func aTrialThatSaysNothingAboutTheChannelFreesTheTrialSlot() {
        let clock = ManualClock()
        let breaker = CircuitBreaker(threshold: 1, coolDown: .seconds(5), now: clock.now)
        breaker.failed()
        clock.advance(by: .seconds(5))
        #expect(breaker.permit())
        // A 400 or an ambiguous timeout: neither healthy nor broken.
        breaker.abandoned()
        #expect(breaker.state == .halfOpen)
        #expect(breaker.permit())
    }
}
