import Runner
import Testing

/// The order of a --jobs run, without a kernel: start what may start, finish, start again.
struct JobScheduleTests {
    /// Starts everything that may start now.
    static func startAll(_ schedule: inout JobSchedule) -> [Int] {
        var started: [Int] = []
        while let index = schedule.start() { started.append(index) }
        return started
    }

    @Test func startsInOrderAtMostJobsAtOnce() {
        var schedule = JobSchedule(runsAlone: [false, false, false, false, false], jobs: 2)
        #expect(Self.startAll(&schedule) == [0, 1])
        schedule.finish(1)
        #expect(Self.startAll(&schedule) == [2])
        schedule.finish(0)
        schedule.finish(2)
        #expect(Self.startAll(&schedule) == [3, 4])
        schedule.finish(3)
        schedule.finish(4)
        #expect(schedule.isDone)
    }

    /// A scenario that must run alone waits until everything before it has ended, and nothing
    /// starts beside it; the order given is kept.
    @Test func oneThatRunsAloneHasTheMachineToItself() {
        var schedule = JobSchedule(runsAlone: [false, false, true, false], jobs: 4)
        #expect(Self.startAll(&schedule) == [0, 1])
        schedule.finish(0)
        #expect(Self.startAll(&schedule).isEmpty, "1 still runs")
        schedule.finish(1)
        #expect(Self.startAll(&schedule) == [2])
        #expect(schedule.running == [2])
        #expect(Self.startAll(&schedule).isEmpty, "nothing beside it")
        schedule.finish(2)
        #expect(Self.startAll(&schedule) == [3])
        schedule.finish(3)
        #expect(schedule.isDone)
    }

    @Test func oneJobIsASerialRun() {
        var schedule = JobSchedule(runsAlone: [false, true, false], jobs: 1)
        var order: [Int] = []
        while !schedule.isDone {
            let started = Self.startAll(&schedule)
            #expect(started.count == 1)
            order += started
            schedule.finish(started[0])
        }
        #expect(order == [0, 1, 2])
    }
}
