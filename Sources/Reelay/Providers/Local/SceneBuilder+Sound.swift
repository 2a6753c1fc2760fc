import Foundation

/// The soundtrack: reference audio or a synthesized chord, speech over it, exactly as long as the
/// video, at 48 kHz stereo.
extension SceneBuilder {
    /// When speech starts: after the opening fade, as a speaker would.
    static let speechDelay = 0.4

    func addSound(_ sound: Soundtrack, to graph: inout FilterGraph) {
        let samples = Int((plan.seconds * Double(Self.sampleRate)).rounded())
        // Mono goes to both ears at full level: the resampler's own upmix halves its power.
        func stereo(mono: Bool) -> [Filter] {
            (mono ? [Filter("pan", ["args": "stereo|c0=c0|c1=c0"])] : [])
                + [Filter("aresample", ["osr": "\(Self.sampleRate)", "ocl": "stereo"]),
                   Filter("aformat", ["sample_fmts": "fltp", "sample_rates": "\(Self.sampleRate)", "channel_layouts": "stereo"])]
        }
        var bed = sound.clips.isEmpty ? chord(&graph, under: sound.speech != nil) : graph.pad("bed")
        if !sound.clips.isEmpty {
            let parts = sound.clips.map { clip in
                let part = graph.pad("sound")
                graph.add(["\(graph.input(clip)):a:0"], [Filter("asetpts", ["expr": "PTS-STARTPTS"])] + stereo(mono: sound.mono.contains(clip)), [part])
                return part
            }
            graph.add(parts, [Filter("concat", ["n": "\(parts.count)", "v": "0", "a": "1"])], [bed])
        }
        // Cut or padded with silence to the video's length, to the sample.
        let exact = graph.pad("bed")
        graph.add([bed], [Filter("asetpts", ["expr": "N/SR/TB"]), Filter("apad", ["whole_len": "\(samples)"]),
                          Filter("atrim", ["end_sample": "\(samples)"])], [exact])
        bed = exact

        guard let speech = sound.speech else {
            graph.add([bed], [Filter("anull")], ["audio"])
            return
        }
        let voice = graph.pad("speech")
        let delay = Int(Self.speechDelay * 1000)
        graph.add(["\(graph.input(speech)):a:0"], stereo(mono: true) + [Filter("adelay", ["delays": "\(delay)", "all": "1"]),
                                                              Filter("volume", ["volume": "0.9"])], [voice])
        graph.add([bed, voice], [Filter("amix", ["inputs": "2", "duration": "first", "normalize": "0"])], ["audio"])
    }

    /// A soft chord: the style's notes as sines (table-driven `sine` sources, far cheaper than an
    /// `aevalsrc` expression), slightly detuned between the ears, swelling slowly, faded in and
    /// out; quieter when speech goes over it.
    private func chord(_ graph: inout FilterGraph, under speech: Bool) -> String {
        let seconds = String(format: "%.6f", plan.seconds)
        let gains = [0.32, 0.26, 0.22, 0.16]
        var channels: [String] = []
        for detune in [1.0, 1.003] {
            var voices: [String] = []
            for (index, note) in style.chord.enumerated() {
                let voice = graph.pad("voice")
                // `sine` plays at 1/8 of full scale.
                let volume = (speech ? 0.6 : 1) * 0.35 * gains[index % gains.count] * 8
                graph.add([], [Filter("sine", ["f": (note * detune).ff, "r": "\(Self.sampleRate)", "d": seconds]),
                               Filter("volume", ["volume": volume.ff])], [voice])
                voices.append(voice)
            }
            let channel = graph.pad("ear")
            graph.add(voices, [Filter("amix", ["inputs": "\(voices.count)", "normalize": "0"]),
                               Filter("aformat", ["channel_layouts": "mono"])], [channel])
            channels.append(channel)
        }
        let out = graph.pad("chord")
        graph.add(channels, [
            Filter("join", ["inputs": "2", "channel_layout": "stereo"]),
            Filter("tremolo", ["f": "0.2", "d": "0.2"]),
            Filter("afade", ["t": "in", "d": "0.6"]),
            Filter("afade", ["t": "out", "st": max(0, plan.seconds - 0.9).ff, "d": "0.9"]),
        ], [out])
        return out
    }
}
