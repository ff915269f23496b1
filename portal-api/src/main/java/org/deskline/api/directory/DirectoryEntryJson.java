package org.deskline.api.directory;

import org.deskline.api.presence.PresenceJson;

/** A colleague in the directory, with their presence. */
public record DirectoryEntryJson(long id, String extension, String name, PresenceJson presence) {
}
