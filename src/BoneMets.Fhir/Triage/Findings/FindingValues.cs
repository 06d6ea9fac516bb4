namespace BoneMets.Fhir.Triage.Findings;

// The coded answers the triage reads. Each enum mirrors one of the project's CodeSystems
// (Terminology/CodeSystems.cs); the code strings live in FindingCodes.

/// <summary>Radiographic type of a bone lesion (<c>lesion-type</c>).</summary>
public enum LesionType { Lytic, Blastic, Mixed }

/// <summary>Mirels site item (<c>mirels-site</c>).</summary>
public enum MirelsSite { UpperLimb, LowerLimb, Peritrochanteric }

/// <summary>Mirels pain item (<c>mirels-pain</c>); there is no mapping from a 0–10 rating.</summary>
public enum MirelsPain { Mild, Moderate, Functional }

/// <summary>SINS pain item (<c>spinal-pain</c>).</summary>
public enum SpinalPain { Mechanical, Occasional, PainFree }

/// <summary>SINS radiographic alignment item (<c>spinal-alignment</c>).</summary>
public enum SpinalAlignment { Subluxation, Deformity, Normal }

/// <summary>SINS vertebral body collapse item (<c>vertebral-collapse</c>).</summary>
public enum VertebralCollapse { Over50, Under50, NoneOver50Involved, None }

/// <summary>SINS posterolateral involvement item (<c>posterolateral-involvement</c>).</summary>
public enum PosterolateralInvolvement { Bilateral, Unilateral, None }

/// <summary>Bilsky epidural spinal cord compression grade (<c>escc-grade</c>).</summary>
public enum EsccGrade { Grade0, Grade1a, Grade1b, Grade1c, Grade2, Grade3 }

/// <summary>Frankel grade of neurological function (<c>frankel-grade</c>): A complete … E normal.</summary>
public enum FrankelGrade { A, B, C, D, E }

/// <summary>Ambulatory status (<c>ambulatory-status</c>).</summary>
public enum AmbulatoryStatus { Independent, Assisted, NonAmbulatory }

/// <summary>Metastases to major internal organs (<c>visceral-metastases</c>).</summary>
public enum VisceralMetastases { None, Removable, Unremovable }
