package org.deskline.api.calls;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * One page of the call log, newest first.
 *
 * @param next the {@code before} value that fetches the next (older) page; null on the last page
 */
public record CallLogPage(List<Entry> calls, Long next) {

    /** A finished call with its call-log id, the cursor for paging. */
    public record Entry(long id, @JsonUnwrapped CallJson call) {
    }
}
