namespace Prometei.Workflows.Persistence;

/// <summary>An event's delivery to the instances waiting for it: every bookmark named <see cref="BookmarkName"/> gets a Resume row.</summary>
public sealed record EventResume(string BookmarkName, string PayloadJson);
