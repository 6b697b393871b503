import ScenarioLanguage
import Testing

/// `veth`, and the features network scenarios require: what each reads into, and each mistake
/// at its line:column.
@Suite struct NetworkStatementTests {
    @Test func vethPairsAreNumberedInOrder() throws {
        let scenario = try ScenarioText.scenario(ScenarioText.titled(
            "requires nft-audit capcontid",
            "netns left", "netns right", "netns third",
            "veth left 192.0.2.1/24,2001:db8::1/64 right 192.0.2.2/24,2001:db8::2/64",
            "veth right 198.51.100.1/30 third 198.51.100.2/30"))
        #expect(scenario.requirements.map(\.feature) == [.nftAudit, .capcontid])
        let pairs = scenario.steps.compactMap { step -> VethPair? in
            if case .veth(let pair) = step.action { return pair }
            return nil
        }
        #expect(pairs == [
            VethPair(left: "left", leftAddresses: ["192.0.2.1/24", "2001:db8::1/64"], right: "right",
                     rightAddresses: ["192.0.2.2/24", "2001:db8::2/64"], device: "veth1"),
            VethPair(left: "right", leftAddresses: ["198.51.100.1/30"], right: "third", rightAddresses: ["198.51.100.2/30"],
                     device: "veth2"),
        ])
    }

    func only(_ lines: String...) throws -> Diagnostic {
        try ScenarioText.diagnostic((["scenario \"t\"", "netns a", "netns b"] + lines).joined(separator: "\n") + "\n")
    }

    @Test func badAddressesAreErrorsAtTheirPlace() throws {
        let prefix = try only("veth a 192.0.2.1 b 192.0.2.2/24")
        #expect(prefix.location == SourceLocation(file: ScenarioText.path, line: 4, column: 8))
        #expect(prefix.message == "'192.0.2.1' is not an address with its prefix length")
        let second = try only("veth a 192.0.2.1/24,2001:db8::1/129 b 192.0.2.2/24")
        #expect(second.location.column == 21)
        #expect(second.message == "'2001:db8::1/129' is not an address with its prefix length")
        let octet = try only("veth a 192.0.2.1/24 b 192.0.2.256/24")
        #expect(octet.location.column == 23)
        let quoted = try only("veth a \"192.0.2.1/24\" b 192.0.2.2/24")
        #expect(quoted.location.column == 8)
        #expect(quoted.message == "addresses are written as they are, unquoted, without variables")
    }

    @Test func bothEndsAreDistinctNetworkNamespaces() throws {
        let same = try only("veth a 192.0.2.1/24 a 192.0.2.2/24")
        #expect(same.location == SourceLocation(file: ScenarioText.path, line: 4, column: 21))
        #expect(same.message == "a veth pair joins two different network namespaces")
        let agent = try only("agent x", "veth a 192.0.2.1/24 x 192.0.2.2/24")
        #expect(agent.location == SourceLocation(file: ScenarioText.path, line: 5, column: 21))
        #expect(agent.message == "'veth' needs a network namespace, but 'x' is an agent")
        let unbound = try only("veth a 192.0.2.1/24 bb 192.0.2.2/24")
        #expect(unbound.location.column == 21)
        #expect(unbound.message == "'bb' is not bound by an earlier 'netns'")
        #expect(unbound.hint == "did you mean 'b'?")
    }

    @Test func shapeAndKeyword() throws {
        let short = try only("veth a 192.0.2.1/24 b")
        #expect(short.location == SourceLocation(file: ScenarioText.path, line: 4, column: 1))
        #expect(short.message == "'veth' takes two network namespaces, each followed by its addresses")
        let long = try only("veth a 192.0.2.1/24 b 192.0.2.2/24 extra")
        #expect(long.location.column == 36)
        #expect(try only("vteh a 192.0.2.1/24 b 192.0.2.2/24").hint == "did you mean 'veth'?")
    }

    @Test func newFeaturesAreSuggested() throws {
        let error = try ScenarioText.diagnostic(ScenarioText.titled("requires nft-audt"))
        #expect(error.location.column == 10)
        #expect(error.hint == "did you mean 'nft-audit'?")
    }
}
