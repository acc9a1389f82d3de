package org.tellonce.core.resident;

import org.tellonce.core.story.StoredStory;
import java.util.Optional;
import org.tellonce.core.story.Reference;

/** What the resident's pages read. */
public interface ResidentStore {
    Optional<StoredStory> load(Reference reference);
}
