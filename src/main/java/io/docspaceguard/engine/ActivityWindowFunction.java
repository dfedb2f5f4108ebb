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

    /**
     * What one window holds: its activities in arrival order and how often each file occurs. A session has a window per
     * rule and active account, most of them empty at any time, so an empty one holds no map.
     */
    public static final class State implements Serializable {
        private final ActivityLog activities = new ActivityLog();
        private Map<String, Integer> files;

        int fileCount() {
            return files == null ? 0 : files.size();
        }
    }

    @Override
    public State createContext() {
        return new State();
    }

    @Override
    public void init(State state) {
        state.activities.clear();
        state.files = null;
    }

    @Override
    public void accumulate(State state, Object value) {
        FileActivity activity = (FileActivity) value;
        state.activities.append(activity);
        if (state.files == null) {
            state.files = new HashMap<>();
        }
        state.files.merge(activity.fileId(), 1, Integer::sum);
    }

    @Override
    public void reverse(State state, Object value) {
        FileActivity activity = (FileActivity) value;
        if (state.activities.remove(activity)) {
            state.files.computeIfPresent(activity.fileId(), (file, n) -> n == 1 ? null : n - 1);
            if (state.files.isEmpty()) {
                state.files = null;
            }
        }
    }

    @Override
    public Object getResult(State state) {
        return new ActivityWindow(state.fileCount(), state.activities);
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
