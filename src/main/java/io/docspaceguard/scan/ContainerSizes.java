package io.docspaceguard.scan;

import io.docspaceguard.docspace.ContainerSize;
import io.docspaceguard.docspace.DocSpaceClient;
import io.docspaceguard.docspace.DocSpaceException;
import io.docspaceguard.facts.FileActivity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many files the folders and rooms of a container finding hold, asked of DocSpace where the service's account
 * may read them: a downloaded folder, an archived room. A trashed folder is readable only by its owner and a
 * deleted room is gone, so those stay "size unknown" with the reason. Look-ups are bounded per evaluation, cached,
 * retried like every DocSpace read, and a failed one only leaves the size unknown: it never fails a scan.
 */
public final class ContainerSizes {
    private static final Logger log = LoggerFactory.getLogger(ContainerSizes.class);
    /** Look-ups one evaluation may make; a larger finding reports the rest as not looked up. */
    public static final int MAX_LOOKUPS = 25;
    static final Duration CACHE_TIME = Duration.ofMinutes(10);
    private static final int CACHE_ENTRIES = 2_000;
    private static final Set<String> KINDS =
            Set.of(FileActivity.FOLDER_REMOVAL, FileActivity.ROOM_REMOVAL, FileActivity.FOLDER_DOWNLOAD);

    /** A container's size, or why it is not known. */
    public sealed interface Size permits Known, Unknown {
    }

    public record Known(int files, int folders) implements Size {
    }

    public record Unknown(String why) implements Size {
    }

    private record Cached(Size size, Instant until) {
    }

    /** A look-up's answer, and whether it will hold for a while (not a DocSpace hiccup). */
    private record Answer(Size size, boolean lasting) {
    }

    private final DocSpaceClient docSpace;
    private final Clock clock;
    private final Map<String, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > CACHE_ENTRIES;
        }
    };

    public ContainerSizes(DocSpaceClient docSpace, Clock clock) {
        this.docSpace = docSpace;
        this.clock = clock;
    }

    /** Whether a finding counts containers at all. */
    static boolean concerns(Map<String, Set<String>> itemsByKind) {
        return itemsByKind.keySet().stream().anyMatch(KINDS::contains);
    }

    /** A budget of look-ups for one evaluation. */
    Lookups lookups() {
        return new Lookups();
    }

    /** The look-ups of one evaluation, at most {@link #MAX_LOOKUPS} of them. */
    final class Lookups {
        private int left = MAX_LOOKUPS;

        /** The size of each container the finding counts, by id, in id order. */
        Map<String, Size> of(Map<String, Set<String>> itemsByKind) {
            Map<String, Size> sizes = new TreeMap<>();
            itemsByKind.forEach((kind, ids) -> {
                if (KINDS.contains(kind)) {
                    ids.forEach(id -> sizes.put(id, size(kind, id)));
                }
            });
            return sizes;
        }

        private Size size(String kind, String id) {
            String key = kind + "/" + id;
            Instant now = clock.instant();
            synchronized (cache) {
                Cached cached = cache.get(key);
                if (cached != null && cached.until().isAfter(now)) {
                    return cached.size();
                }
            }
            if (left <= 0) {
                return new Unknown("not looked up: more than " + MAX_LOOKUPS + " containers in one scan");
            }
            left--;
            Answer answer = lookUp(kind, id);
            if (answer.lasting()) {
                synchronized (cache) {
                    cache.put(key, new Cached(answer.size(), now.plus(CACHE_TIME)));
                }
            }
            return answer.size();
        }
    }

    private Answer lookUp(String kind, String id) {
        try {
            ContainerSize size = kind.equals(FileActivity.ROOM_REMOVAL) ? docSpace.roomSize(id) : docSpace.folderSize(id);
            return new Answer(new Known(size.files(), size.folders()), true);
        } catch (DocSpaceException e) {
            return switch (e.status()) {
                case 403 -> new Answer(new Unknown(kind.equals(FileActivity.FOLDER_REMOVAL)
                        ? "in its owner's trash, which only they can read" : "the service's account may not read it"),
                        true);
                case 404 -> new Answer(new Unknown("deleted for good"), true);
                default -> {
                    log.warn("container size look-up failed kind={} id={} status={} cause={}", kind, id, e.status(),
                            e.getMessage());
                    yield new Answer(new Unknown("DocSpace did not answer the look-up"), false);
                }
            };
        } catch (RuntimeException e) {
            log.warn("container size look-up failed kind={} id={} cause={}", kind, id, e.toString());
            return new Answer(new Unknown("the look-up failed"), false);
        }
    }

    /** Files in the containers whose size is known; null when none is. */
    static Integer knownFiles(Map<String, Size> sizes) {
        Integer total = null;
        for (Size size : sizes.values()) {
            if (size instanceof Known known) {
                total = (total == null ? 0 : total) + known.files();
            }
        }
        return total;
    }
}
