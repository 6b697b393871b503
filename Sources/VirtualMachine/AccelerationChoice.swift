/// The acceleration a run's boots use, and why (for the report). A boot that shows KVM does
/// not work here gives it up, for this run and (remembered) for later ones.
struct AccelerationChoice {
    var acceleration: Acceleration
    var note: String

    init(chosen: Acceleration?) {
        if let chosen {
            acceleration = chosen
            note = "chosen with --accel"
        } else if let reason = Acceleration.kvmUnavailableReason() {
            acceleration = .tcg
            note = "no KVM (\(reason))"
        } else if let reason = Acceleration.rememberedFailure() {
            acceleration = .tcg
            note = "KVM failed earlier since this machine booted (\(reason)); remembered in \(Acceleration.failureRecord)"
        } else {
            acceleration = .kvm
            note = "/dev/kvm works"
        }
    }

    mutating func giveUpKVM(_ why: String) {
        acceleration = .tcg
        note = "/dev/kvm opens but KVM does not work here (\(why))"
        Acceleration.rememberFailure(why)
    }
}
