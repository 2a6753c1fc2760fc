import Foundation

/// Reference videos (seed 003, cases 4, 5, 9 and 13): the clips play one after another, re-timed
/// to fill the video, cut to its frame and restyled by the scene's grade; pictures beside them open
/// the video and cut in along it.
extension SceneBuilder {
    func footage(_ graph: inout FilterGraph, _ clips: [Clip], pictures: [URL]) -> String {
        let fps = plan.fps, frames = plan.frames
        // The first picture holds for up to 1.5 s (a quarter of a short video), then fades into the footage.
        let opening = pictures.isEmpty ? 0 : max(2, min(frames / 4, fps * 3 / 2))
        let fade = opening == 0 ? 0 : max(1, min(fps / 2, opening / 2))
        let start = opening - fade
        var scene = reel(&graph, clips, frames: frames - start)
        if let first = pictures.first {
            let still = still(&graph, first, frames: opening, zoom: .in)
            scene = crossfade(&graph, still, scene, offset: start, fade: fade)
        }
        // The other pictures cut in for up to a second each, evenly along what follows the opening.
        let inserts = pictures.dropFirst()
        let span = frames - opening
        let length = max(1, min(fps, span / max(1, 2 * inserts.count)))
        for (index, picture) in inserts.enumerated() {
            let first = opening + span * (index + 1) / (inserts.count + 1) - length / 2
            let last = min(frames - 1, first + length - 1)
            let shot = still(&graph, picture, frames: last + 1, zoom: .none)
            let next = graph.pad("insert")
            graph.add([scene, shot], [Filter("overlay", ["eof_action": "pass", "enable": "between(n,\(first),\(last))"])], [next])
            scene = next
        }
        return scene
    }

    /// The clips back to back as exactly `frames` frames: each slowed down or sped up by the same
    /// factor, set to the output rate before it is scaled (so that dropped frames cost nothing),
    /// scaled and cropped to fill the frame, then graded.
    private func reel(_ graph: inout FilterGraph, _ clips: [Clip], frames: Int) -> String {
        let total = max(0.001, clips.reduce(0) { $0 + $1.seconds })
        let factor = Double(frames) / Double(plan.fps) / total
        var parts: [String] = []
        for clip in clips {
            let part = graph.pad("clip")
            graph.add(["\(graph.input(clip.file)):v:0"], [
                Filter("setpts", ["expr": "(PTS-STARTPTS)*\(String(format: "%.6f", factor))"]),
                Filter("fps", ["fps": "\(plan.fps)"]),
                Filter("scale", ["w": "\(plan.width)", "h": "\(plan.height)", "force_original_aspect_ratio": "increase"]),
                Filter("crop", ["w": "\(plan.width)", "h": "\(plan.height)"]),
                Filter("format", ["pix_fmts": "yuv420p"]),
                Filter("setsar", ["sar": "1"]),
            ], [part])
            parts.append(part)
        }
        let out = graph.pad("reel")
        graph.add(parts, [
            Filter("concat", ["n": "\(parts.count)", "v": "1", "a": "0"]),
            Filter("settb", ["expr": "1/\(plan.fps)"]),
            Filter("setpts", ["expr": "N"]),
            // A clip whose container overstates its length leaves the reel short: hold its last frame.
            Filter("tpad", ["stop_mode": "clone", "stop": "-1"]),
            Filter("trim", ["end_frame": "\(frames)"]),
            gradeFilter,
        ], [out])
        return out
    }

    /// The style's grade as one lookup table per plane: light in flat steps with a little more
    /// contrast, colour a little stronger and tinted toward the scene's hue.
    private var gradeFilter: Filter {
        let grade = style.grade
        let levels = Double(grade.levels)
        let light = "clip(0.5+((val-16)/219-0.5)*\(grade.contrast.ff),0,1)"
        let y = "16+219*clip(floor(\(light)*\(levels.ff))/\((levels - 1).ff),0,1)"
        func chroma(_ shift: Double) -> String { "clip(128+(val-128)*\(grade.saturation.ff)+\(shift.ff),16,240)" }
        return Filter("lutyuv", ["y": y, "u": chroma(grade.tintU), "v": chroma(grade.tintV)])
    }
}
