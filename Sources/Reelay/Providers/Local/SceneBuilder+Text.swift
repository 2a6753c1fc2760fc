import Foundation

/// Text to video: a moving colour field with glowing orbs, a drifting camera and a caption.
extension SceneBuilder {
    /// How many times fewer the background changes than the video's frames. The field moves
    /// slowly, so a third of the rate looks the same; a field that changes on every frame costs
    /// x264 half again as much as the whole of `testsrc2`, and scaling it up costs the graph.
    static let fieldStep = 3

    func textScene(_ graph: inout FilterGraph, caption: String?) -> String {
        // The field is drawn a little larger than the frame so that the camera can drift over it,
        // and at a quarter of the size, since it is smooth anyway and that is 16 times cheaper.
        let wide = even(Double(plan.width) * 1.12), tall = even(Double(plan.height) * 1.12)
        let small = (w: max(32, even(Double(wide) / 4)), h: max(32, even(Double(tall) / 4)))
        let line = zip(style.gradientLine, [small.w, small.h, small.w, small.h]).map { "\(Int($0 * Double($1)))" }
        let step = plan.fps >= 2 * Self.fieldStep ? Self.fieldStep : 1
        var field = graph.pad("field")
        graph.add([], [
            // `speed` is per drawn frame: the field turns as fast as if it were drawn on every frame.
            Filter("gradients", ["s": "\(small.w)x\(small.h)", "r": "\(plan.fps)/\(step)",
                                 "c0": style.background[0], "c1": style.background[1], "c2": style.background[2], "n": "3",
                                 "x0": line[0], "y0": line[1], "x1": line[2], "y1": line[3],
                                 "seed": "\(style.gradientSeed)", "speed": (style.gradientSpeed * Double(step)).ff,
                                 "type": "\(style.gradientType)"]),
            Filter("scale", ["w": "\(wide)", "h": "\(tall)", "out_color_matrix": "bt709", "out_range": "tv"]),
            Filter("format", ["pix_fmts": "yuv420p"]),
            Filter("fps", ["fps": "\(plan.fps)"]),
        ], [field])

        let shorter = Double(min(plan.width, plan.height))
        for orb in style.orbs {
            let side = max(8, even(orb.size * shorter)), radius = Double(side) / 2
            let (r, g, b) = SceneStyle.rgb(orb.color)
            let sprite = graph.pad("orb")
            // One frame of a soft disc, drawn once and repeated: `geq` is too slow to run per frame.
            graph.add([], [
                Filter("color", ["c": "black", "s": "\(side)x\(side)", "r": "\(plan.fps)"]),
                Filter("trim", ["end_frame": "1"]),
                Filter("format", ["pix_fmts": "rgba"]),
                Filter("geq", ["r": "\(r)", "g": "\(g)", "b": "\(b)",
                               "a": "255*min(1,1.5*pow(max(0,1-hypot(X-\(radius.ff),Y-\(radius.ff))/\(radius.ff)),1.3))"]),
                Filter("scale", ["out_color_matrix": "bt709", "out_range": "tv"]),
                Filter("format", ["pix_fmts": "yuva420p"]),
            ] + repeated(plan.frames), [sprite])
            let next = graph.pad("field")
            graph.add([field, sprite], [Filter("overlay", [
                "x": "(W-w)*(0.5+\(orb.reachX.ff)*sin(2*PI*(\(orb.speedX.ff)*t+\(orb.phaseX.ff))))",
                "y": "(H-h)*(0.5+\(orb.reachY.ff)*sin(2*PI*(\(orb.speedY.ff)*t+\(orb.phaseY.ff))))",
                "eof_action": "pass",
            ])], [next])
            field = next
        }

        let camera = cameraFixed
            ? Filter("crop", ["w": "\(plan.width)", "h": "\(plan.height)", "x": "(iw-ow)/2", "y": "(ih-oh)/2"])
            : Filter("crop", ["w": "\(plan.width)", "h": "\(plan.height)",
                              "x": "(iw-ow)*(0.5+0.5*sin(2*PI*(\(style.driftSpeed.ff)*t+\(style.driftPhaseX.ff))))",
                              "y": "(ih-oh)*(0.5+0.5*sin(2*PI*(\((style.driftSpeed * 0.8).ff)*t+\(style.driftPhaseY.ff))))"])
        var filters = [camera]
        if let caption, !caption.isEmpty {
            // Sized so that the caption fits the width (DejaVu Sans averages ~0.6 em per character).
            let size = Int(min(Double(plan.height) / 11, 0.9 * Double(plan.width) / (0.6 * Double(caption.count))))
            filters.append(text(caption, size: max(12, size), options: [
                "fontcolor": "white", "shadowcolor": "black@0.55", "shadowx": "2", "shadowy": "2",
                "x": "(w-tw)/2", "y": "h*0.74-th/2", "alpha": "min(1,t/0.8)",
            ]))
        }
        let out = graph.pad("text")
        graph.add([field], filters, [out])
        return out
    }
}
