package org.tellonce.resident;

import java.util.Optional;
import org.tellonce.story.Reference;

/** What the resident's pages read. */
public interface ResidentStore {
    Optional<StoredStory> load(Reference reference);
}
