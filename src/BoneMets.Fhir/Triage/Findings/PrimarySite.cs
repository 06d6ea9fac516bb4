namespace BoneMets.Fhir.Triage.Findings;

/// <summary>
/// The primary cancer as the scores need it (Tokuhashi primary-site rows, Bauer, NOMS radiosensitivity).
/// Read only from ICD-10-CM codes (<see cref="PrimaryCancerCodes"/>).
/// </summary>
public enum PrimarySite
{
    Breast,
    Prostate,
    Lung,
    /// <summary>Kidney or renal pelvis (C64, C65).</summary>
    Kidney,
    /// <summary>Multiple myeloma and plasma cell neoplasms (C90).</summary>
    Myeloma,
    Thyroid,
    Rectum,
    /// <summary>Colon or rectosigmoid junction (C18, C19).</summary>
    Colon,
    Melanoma,
    /// <summary>Lymphomas (C81–C88).</summary>
    Lymphoma,
    Stomach,
    Oesophagus,
    Pancreas,
    Liver,
    /// <summary>Gallbladder or other biliary tract (C23, C24).</summary>
    GallbladderOrBiliary,
    Bladder,
    /// <summary>Cervix uteri, corpus uteri, uterus unspecified (C53–C55).</summary>
    Uterus,
    /// <summary>Unknown primary (C80): Tokuhashi's "unidentified".</summary>
    Unknown,
    /// <summary>Malignant neuroendocrine tumours (C7A), read as Tokuhashi's "carcinoid tumour".</summary>
    Carcinoid,
    /// <summary>Primary malignant neoplasm of bone (C40, C41), read as Tokuhashi's "osteosarcoma".</summary>
    Bone,
    /// <summary>Testis (C62), read as seminoma; ICD-10-CM does not carry the histology.</summary>
    Testis,
    /// <summary>Any other malignant neoplasm (C00–C97 not listed above): Tokuhashi's "others".</summary>
    Other,
}

/// <summary>How an ICD-10-CM code on a Condition is read.</summary>
public enum CancerCodeKind
{
    /// <summary>Not a malignant neoplasm (outside C00–C97, e.g. D codes, G95.2x, M84.5-).</summary>
    NotCancer,
    /// <summary>Secondary (metastatic) neoplasm: C77, C78, C79, C7B.</summary>
    Secondary,
    Primary,
}

/// <summary>
/// ICD-10-CM category (first three characters) → primary site. Only ICD-10-CM is mapped: SNOMED CT codes
/// are recognised only as the two secondary-malignancy concepts the project has verified.
/// </summary>
public static class PrimaryCancerCodes
{
    public static CancerCodeKind Classify(string? icd10CmCode, out PrimarySite site)
    {
        site = PrimarySite.Other;
        if (Category(icd10CmCode) is not { } category)
        {
            return CancerCodeKind.NotCancer;
        }

        if (category is "C77" or "C78" or "C79" or "C7B")
        {
            return CancerCodeKind.Secondary;
        }

        if (category == "C7A")
        {
            site = PrimarySite.Carcinoid;
            return CancerCodeKind.Primary;
        }

        var number = int.Parse(category.AsSpan(1));
        if (number > 97)
        {
            return CancerCodeKind.NotCancer;
        }

        site = number switch
        {
            15 => PrimarySite.Oesophagus,
            16 => PrimarySite.Stomach,
            18 or 19 => PrimarySite.Colon,
            20 => PrimarySite.Rectum,
            22 => PrimarySite.Liver,
            23 or 24 => PrimarySite.GallbladderOrBiliary,
            25 => PrimarySite.Pancreas,
            34 => PrimarySite.Lung,
            40 or 41 => PrimarySite.Bone,
            43 => PrimarySite.Melanoma,
            50 => PrimarySite.Breast,
            >= 53 and <= 55 => PrimarySite.Uterus,
            61 => PrimarySite.Prostate,
            62 => PrimarySite.Testis,
            64 or 65 => PrimarySite.Kidney,
            67 => PrimarySite.Bladder,
            73 => PrimarySite.Thyroid,
            80 => PrimarySite.Unknown,
            >= 81 and <= 88 => PrimarySite.Lymphoma,
            90 => PrimarySite.Myeloma,
            _ => PrimarySite.Other,
        };
        return CancerCodeKind.Primary;
    }

    /// <summary>"C50.911" → "C50"; null unless the code is C followed by two digits or 7A/7B.</summary>
    private static string? Category(string? code)
    {
        if (code is null || code.Length < 3 || code[0] != 'C')
        {
            return null;
        }

        var category = code[..3];
        var isNumeric = char.IsAsciiDigit(category[1]) && char.IsAsciiDigit(category[2]);
        return isNumeric || category is "C7A" or "C7B" ? category : null;
    }
}
