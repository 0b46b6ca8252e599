package io.microvx.examples.notes;

import io.microvx.errors.MicroException;
import io.microvx.server.ApiEndpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * A notes service whose endpoints the API gateway routes by path and method, as go-micro's
 * {@code api.WithEndpoint} declares them: {@code POST /notes} is {@code Notes.Create} (declared by the
 * annotation below), {@code GET /notes} is {@code Notes.List} (declared by the builder, in
 * {@link NotesVerticle}). The notes are kept in memory, on the verticle's event loop.
 */
public class Notes {

  /** {@code {"text":"buy milk"}} */
  public record NoteRequest(String text) {
  }

  public record Note(int id, String text) {
  }

  public record ListRequest() {
  }

  public record NoteList(List<Note> notes) {
  }

  private final List<Note> notes = new ArrayList<>();

  @ApiEndpoint(path = "^/notes$", method = "POST", description = "Adds a note")
  public Note create(NoteRequest request) {
    if (request.text() == null || request.text().isBlank()) {
      throw MicroException.badRequest("notes", "a note needs a text");
    }
    Note note = new Note(notes.size() + 1, request.text());
    notes.add(note);
    return note;
  }

  public NoteList list(ListRequest request) {
    return new NoteList(List.copyOf(notes));
  }
}
