import Profiles

extension Scenario {
    /// The scenario as it applies under `profiles`: every part whose revision condition the
    /// profile in force for its patchset does not satisfy is left out, and no condition remains.
    /// A condition on a patchset no profile is in force for cannot be decided: its part is left
    /// out and `undecidedRevisions` says why, so the runners skip the scenario rather than judge
    /// half of it. Resolving twice changes nothing.
    public func resolved(under profiles: ProfileSet) -> Scenario {
        var undecided: Set<String> = []
        func holds(_ condition: RevisionCondition?) -> Bool {
            guard let condition else { return true }
            guard let profile = profiles.profile(forPatchset: condition.patchset) else {
                undecided.insert(condition.patchset)
                return false
            }
            return condition.holds(forRevision: profile.revision)
        }
        var copy = self
        copy.steps = steps.filter { holds($0.condition) }.map { var step = $0; step.condition = nil; return step }
        copy.expectations = expectations.compactMap { event -> ExpectedEvent? in
            guard holds(event.condition) else { return nil }
            var event = event
            event.condition = nil
            let written = event.records.count
            event.records = event.records.filter { holds($0.condition) }.map { record in
                var record = record
                record.condition = nil
                record.fields = record.fields.filter { holds($0.condition) }.map { var field = $0; field.condition = nil; return field }
                return record
            }
            // Every record of it belongs to other revisions: nothing is left to expect here.
            if written > 0, event.records.isEmpty { return nil }
            return event
        }
        if !undecided.isEmpty {
            copy.undecidedRevisions = "its revision conditions name " + undecided.sorted().joined(separator: ", ")
                + ", and no profile for that patchset is in force (--profile \(undecided.sorted()[0])-vN)"
        }
        return copy
    }

    /// Every revision condition written in the scenario, in file order.
    public var revisionConditions: [RevisionCondition] {
        var found = steps.compactMap(\.condition)
        for event in expectations {
            found += [event.condition].compactMap { $0 }
            for record in event.records {
                found += [record.condition].compactMap { $0 } + record.fields.compactMap(\.condition)
            }
        }
        return found
    }
}
