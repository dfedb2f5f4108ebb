package io.docspaceguard.engine;

import io.docspaceguard.facts.ActivityLog;
import io.docspaceguard.facts.ActivityWindow;
import io.docspaceguard.facts.FileActivity;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.kie.api.runtime.rule.AccumulateFunction;

/**
 * The DRL accumulate function {@code activityWindow( $activity )}: keeps the activities in a window with
 * a count per file, so that adding, removing and counting distinct files cost O(1) instead of rebuilding
 * a set. Rules import it with {@code import accumulate io.docspaceguard.engine.ActivityWindowFunction
 * activityWindow} and compare the result's {@code fileCount()} with their threshold.
 */
public final class ActivityWindowFunction implements AccumulateFunction<ActivityWindowFunction.State> {

    /** What one window holds: its activities in arrival order and how often each file occurs. */
    public static final class State implements Serializable {
        private final ActivityLog activities = new ActivityLog();
        private final Map<String, Integer> files = new HashMap<>();
    }

    @Override
    public State createContext() {
        return new State();
    }

    @Override
    public void init(State state) {
        state.activities.clear();
        state.files.clear();
    }

    @Override
    public void accumulate(State state, Object value) {
        FileActivity activity = (FileActivity) value;
        state.activities.append(activity);
        state.files.merge(activity.fileId(), 1, Integer::sum);
    }

    @Override
    public void reverse(State state, Object value) {
        FileActivity activity = (FileActivity) value;
        if (state.activities.remove(activity)) {
            state.files.computeIfPresent(activity.fileId(), (file, n) -> n == 1 ? null : n - 1);
        }
    }

    @Override
    public Object getResult(State state) {
        return new ActivityWindow(state.files.size(), state.activities);
    }

    @Override
    public boolean supportsReverse() {
        return true;
    }

    @Override
    public Class<?> getResultType() {
        return ActivityWindow.class;
    }

    @Override
    public void writeExternal(ObjectOutput out) {
    }

    @Override
    public void readExternal(ObjectInput in) {
    }
}
